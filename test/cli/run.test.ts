// relinklab run: each step's line says what the model did when it differs from the expectation.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRun } from '../../src/cli/run.js';
import { capture } from '../helpers/io.js';

function runText(yaml: string): string[] {
  const file = join(mkdtempSync(join(tmpdir(), 'relinklab-run-')), 'case.yaml');
  writeFileSync(file, yaml);
  const io = capture();
  runRun([file], false, io);
  return io.outs;
}

describe('relinklab run', () => {
  it('names the errno the model answered where a return value was expected', () => {
    const out = runText('name: t\nsteps:\n  - call: unlink\n    args: {path: /nope}\n    expect: {ret: 0}\n');
    expect(out.join('\n')).toContain('ret: expected 0, model ENOENT');
    expect(out.join('\n')).not.toContain('null');
  });

  it('gives the value the model returned where an errno was expected', () => {
    const out = runText(
      'name: t\nsteps:\n  - call: mkdir\n    args: {path: /d, mode: 0755}\n    expect: {errno: EEXIST}\n',
    );
    expect(out.join('\n')).toContain('errno: expected "EEXIST", model returned 0');
  });
});
