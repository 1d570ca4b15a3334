// A scenario's cleanup names each relinked inode as checkpoint linked it, so a file created at the
// name later, which ext4 gives the freed ino, keeps its name (patch 10; docs/races.md, The cleanup).
import { describe, expect, it } from 'vitest';
import { callLine } from '../../src/checker/search/counterexample.js';
import { remount, SETUP } from '../../src/checker/relink-alphabet.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { runScenario } from '../../src/scenario/run.js';

const NAME = '/ckpt/unlink-at-restart-15-0';

const yaml = [
  'name: cleanup after the relinked inode died and its ino was reused',
  'kernel: relink',
  'fs: ext4',
  'steps:',
  ...[...SETUP, remount('relink=/ckpt')].map((sc) => callLine(1, sc)),
  callLine(2, { call: 'open', path: '/a', flags: 0o102, mode: 0o644 }),
  callLine(2, { call: 'unlink', path: '/a' }),
  callLine(1, { call: 'fork', child: 3 }),
  '  - {checkpoint: {pids: [2], strategy: relink}}',
  callLine(3, { call: 'unlink', path: NAME }),
  callLine(2, { call: 'close', fd: 3 }),
  callLine(3, { call: 'open', path: NAME, flags: 0o102, mode: 0o644 }),
  '  - {cleanup: {removed: 0}}',
  `  - {assert: {dir: /ckpt, names: [${NAME.slice('/ckpt/'.length)}]}}`,
].join('\n');

describe('a scenario cleanup', () => {
  it('keeps a file created at the relinked name after the relinked inode died, though it has its ino', () => {
    const report = runScenario(parseScenario(`${yaml}\n`, 'pin.yaml'));
    expect(report.steps.find((s) => s.what.startsWith('checkpoint'))?.detail).toContain(NAME);
    expect(report.steps.map((s) => `${s.ok ? 'ok' : 'FAIL'} ${s.what}`).filter((x) => x.startsWith('FAIL'))).toEqual(
      [],
    );
  });
});
