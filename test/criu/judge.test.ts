// scripts/criu-judge.sh passes a CRIU guest's steps only on what docs/criu.md says each must show.
// The consoles are real: patched-all-steps.log and debian-check-ghost.log as RELINKLAB_CONSOLE
// captured them, patched-no-madvise.log and debian-relink.log the RLX-CRIU lines of the runs
// docs/criu.md describes (the --criu kernel before ADVISE_SYSCALLS; relink on Debian's kernel).
// A test that changes one line of a passing console says which fact that line is the proof of.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = join(import.meta.dirname, '..', '..');
const consoleOf = (name: string): string => readFileSync(join(REPO, 'test', 'criu', 'consoles', name), 'utf8');

/** The judge's exit status and verdict lines on `console`. */
function judge(kernel: string, steps: string, console: string): { status: number | null; verdicts: string[] } {
  const r = spawnSync('bash', [join(REPO, 'scripts', 'criu-judge.sh'), kernel, steps], {
    input: console,
    encoding: 'utf8',
  });
  return { status: r.status, verdicts: r.stdout.split('\n').filter((l) => l !== '') };
}

/** The console with the line that starts with `prefix` replaced by `line`. */
function withLine(console: string, prefix: string, line: string): string {
  const lines = console.split('\n');
  const at = lines.findIndex((l) => l.startsWith(prefix));
  expect(at, prefix).toBeGreaterThanOrEqual(0);
  lines[at] = line;
  return lines.join('\n');
}

const patched = consoleOf('patched-all-steps.log');

describe('criu-judge.sh', () => {
  it('passes the patched kernel run where check, ghost and relink all showed what they must', () => {
    expect(judge('patched', 'check,ghost,relink', patched)).toEqual({
      status: 0,
      verdicts: ['criu-guest: patched: check ok', 'criu-guest: patched: ghost ok', 'criu-guest: patched: relink ok'],
    });
  });

  it("passes Debian's kernel on check and ghost", () => {
    expect(judge('debian', 'check,ghost', consoleOf('debian-check-ghost.log')).status).toBe(0);
  });

  it('fails both restores on the kernel without madvise, though check and the dumps passed', () => {
    expect(judge('patched', 'check,ghost,relink', consoleOf('patched-no-madvise.log'))).toEqual({
      status: 1,
      verdicts: [
        'criu-guest: patched: check ok',
        'criu-guest: patched: ghost FAILED: criu restore failed',
        'criu-guest: patched: relink FAILED: criu restore failed',
      ],
    });
  });

  it("fails relink on Debian's kernel, which refuses relink=", () => {
    expect(judge('debian', 'relink', consoleOf('debian-relink.log')).verdicts).toEqual([
      'criu-guest: debian: relink FAILED: mount -o remount,relink=/relink refused',
    ]);
  });

  it('fails relink when CRIU copied the file as a ghost file after all', () => {
    const c = withLine(
      patched,
      'RLX-CRIU relink image',
      'RLX-CRIU relink image ghost_files=1 ghost_bytes=262211 image_bytes=391970',
    );
    expect(judge('patched', 'relink', c).verdicts[0]).toMatch(/relink FAILED: CRIU copied a ghost file/);
  });

  it('fails relink when the restored task holds another inode with the same number', () => {
    const c = withLine(
      patched,
      'RLX-CRIU relink check',
      'RLX-CRIU relink check ino=14 gen=1 nlink=0 size=262148 data=ok write=ok',
    );
    expect(judge('patched', 'relink', c).verdicts[0]).toMatch(/relink FAILED: the restored task holds another inode/);
  });

  it('fails relink when the relinked name is still there after restore', () => {
    const c = withLine(patched, 'RLX-CRIU relink after', 'RLX-CRIU relink after count=1 remaps=0');
    expect(judge('patched', 'relink', c).verdicts[0]).toMatch(/relink FAILED: after restore, names left/);
  });

  it('fails ghost when the restored file is the same inode, which a copy cannot be', () => {
    const c = withLine(
      patched,
      'RLX-CRIU ghost check',
      'RLX-CRIU ghost check ino=12 gen=933675713 nlink=0 size=262148 data=ok write=ok',
    );
    expect(judge('patched', 'ghost', c).verdicts[0]).toMatch(
      /ghost FAILED: the ghost file came back as the same inode/,
    );
  });

  it('fails a step whose restored task read wrong data', () => {
    const c = withLine(
      patched,
      'RLX-CRIU ghost check',
      'RLX-CRIU ghost check ino=12 gen=372506314 nlink=0 size=262148 data=bad write=ok',
    );
    expect(judge('patched', 'ghost', c).verdicts[0]).toMatch(
      /ghost FAILED: after restore the task read or wrote wrong data/,
    );
  });

  // A real bench console (RELINKLAB_CRIU_BENCH=1,16:1; test/bench/criu-bench.test.ts reads its figures).
  const bench = readFileSync(join(REPO, 'test', 'bench', 'consoles', 'criu-bench-1-16.log'), 'utf8');

  it('passes the bench where every run succeeded and every restored task read its data', () => {
    expect(judge('patched', 'check,ghost,relink,bench', bench)).toEqual({
      status: 0,
      verdicts: [
        'criu-guest: patched: check ok',
        'criu-guest: patched: ghost ok',
        'criu-guest: patched: relink ok',
        'criu-guest: patched: bench ok',
      ],
    });
  });

  it('fails the bench when a restored task read wrong data', () => {
    const at = bench.indexOf('data=ok', bench.indexOf('RLX-CRIU bench check mib=16'));
    const c = `${bench.slice(0, at)}data=bad${bench.slice(at + 'data=ok'.length)}`;
    expect(judge('patched', 'bench', c).verdicts[0]).toMatch(
      /bench FAILED: after restore the task read or wrote wrong data: mib=16/,
    );
  });

  it('says the guest did not finish, exit 2, when RLX-CRIU-DONE never came', () => {
    const c = patched.replace('RLX-CRIU-DONE', '');
    expect(judge('patched', 'check', c)).toEqual({ status: 2, verdicts: [] });
  });
});
