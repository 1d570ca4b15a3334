// relinklab run: each step's line says what the model did when it differs from the expectation.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRun } from '../../src/cli/run.js';
import { capture } from '../helpers/io.js';
import { FIFO_OPEN } from '../helpers/sleeping-open.js';

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

  it('prints each call as strace prints it, its flags and mode by name, then its result', () => {
    const out = runText('name: t\nsteps:\n  - call: open\n    args: {path: /a, flags: 66, mode: 420}\n');
    expect(out).toContainEqual(expect.stringMatching(/:3: 1 open\("\/a", O_RDWR\|O_CREAT, 0644\) = 3$/));
  });

  it("names a failed call's errno as strace does", () => {
    const out = runText('name: t\nsteps:\n  - call: unlink\n    args: {path: /nope}\n');
    expect(out).toContainEqual(
      expect.stringMatching(/:3: 1 unlink\("\/nope"\) = -1 ENOENT \(No such file or directory\)$/),
    );
  });

  it('puts an arrow before what a step that is not a call did', () => {
    const out = runText('name: t\nsteps:\n  - call: fork\n    args: {child: 2}\n  - kill: [2]\n');
    expect(out).toContainEqual(expect.stringMatching(/:5: kill \[2\] -> the tasks exit; their files are closed$/));
  });

  it('puts an arrow before the expectation a call missed, which is not its answer', () => {
    const out = runText('name: t\nsteps:\n  - call: unlink\n    args: {path: /nope}\n    expect: {ret: 0}\n');
    expect(out).toContainEqual(expect.stringMatching(/:3: 1 unlink\("\/nope"\) -> ret: expected 0, model ENOENT$/));
  });

  it("ends a split call's last step with the call's answer, and an earlier step with an arrow", () => {
    const out = runText(
      'name: t\nsteps:\n  - call: mkdir\n    args: {path: /d, mode: 0755}\n' +
        '  - {begin: rmdir, args: {path: /d}, step: lookup}\n  - {resume: lock_parent}\n  - {resume: unlock}\n',
    );
    expect(out).toContainEqual(expect.stringMatching(/:5: 1 rmdir\("\/d"\) · lookup -> in flight$/));
    expect(out).toContainEqual(expect.stringMatching(/:7: 1 … unlock = 0$/));
  });

  it('shows a call the model parks asleep as having no value yet, and why', () => {
    const out = runText(FIFO_OPEN);
    expect(out).toContainEqual(
      expect.stringMatching(/:5: 1 open\("\/p", O_RDONLY\) = \? <blocked: fifo_open waits for a writer>$/),
    );
  });
});
