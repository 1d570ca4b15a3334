// Shell completion: `relinklab completion` prints a script that completes the commands.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('relinklab completion', () => {
  it('prints a bash completion script for relinklab', () => {
    const script = execFileSync('./bin/relinklab', ['completion'], { encoding: 'utf8' });
    expect(script).toContain('_relinklab_yargs_completions');
  });

  it('completes the command names', () => {
    const words = execFileSync('./bin/relinklab', ['--get-yargs-completions', 'relinklab', ''], { encoding: 'utf8' });
    expect(words.split('\n')).toEqual(expect.arrayContaining(['check', 'crosscheck', 'explain', 'report']));
  });
});
