// explain, render and report read native traces and, with --strace, strace logs of real programs,
// through replay's own readers: a step per call the model ran, a log's wrong answer marked.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { capture } from './helpers.js';

const ROOT = join(import.meta.dirname, '..', '..');
const NATIVE = join(ROOT, 'traces', 'examples', 'unlinked-open.jsonl');
const LINKS = join(ROOT, 'test', 'corpus', 'strace', 'links.log');
const tmp = mkdtempSync(join(tmpdir(), 'relinklab-trace-input-'));

const numbered = (outs: readonly string[]): string[] => outs.filter((l) => /^\d+\. /.test(l));

/** A two-call log in which the kernel's answer to the unlink is not the model's. */
function wrongAnswerLog(): string {
  const log = join(tmp, 'wrong.log');
  writeFileSync(
    log,
    [
      '100 open("/tmp/x/a", O_RDWR|O_CREAT, 0644) = 3',
      '100 unlink("/tmp/x/a") = -1 ENOENT (No such file or directory)',
      '100 exit_group(0) = ?',
      '100 +++ exited with 0 +++',
      '',
    ].join('\n'),
  );
  return log;
}

describe('explain, render and report of traces', () => {
  it('explain narrates each line of a native trace as a step, with its file and line', async () => {
    const io = capture();
    expect(await main(['explain', NATIVE], io)).toBe(0);
    const lines = readFileSync(NATIVE, 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('{"pid"'));
    expect(numbered(io.outs)).toHaveLength(lines.length);
    expect(numbered(io.outs)[0]).toBe(`1. ${NATIVE}:2: pid 1: openat(AT_FDCWD, "/a", O_RDWR|O_CREAT, 0644) = 3`);
  });

  it('explain --strace narrates the calls of a real program inside --root, as strace printed them', async () => {
    const io = capture();
    expect(await main(['explain', '--strace', LINKS, '--root', '/tmp/rlroot/links'], io)).toBe(0);
    expect(numbered(io.outs)).toContain(`4. ${LINKS}:17: pid 10895: link("a", "b") = 0`);
    expect(io.outs).toContain("   - vfs_link took inode 12's i_nlink from 1 to 2.");
  });

  it('explain --strace marks a call whose answer the kernel gave differently, and exits 1', async () => {
    const io = capture();
    const log = wrongAnswerLog();
    expect(await main(['explain', '--strace', log, '--root', '/tmp/x'], io)).toBe(1);
    const unlink = numbered(io.outs).find((l) => l.includes('unlink'));
    expect(unlink).toContain('(NOT as the scenario expected)');
    expect(unlink).toContain('ENOENT');
    expect(io.errs.join('\n')).toContain('not as the scenario expected: 2');
  });

  it('render --strace draws the state after a step of the log', async () => {
    const io = capture();
    const args = ['render', '--strace', LINKS, '--root', '/tmp/rlroot/links', '--step', '4', '--json'];
    expect(await main(args, io)).toBe(0);
    const r = JSON.parse(io.outs.join('')) as { step: number; graph: { nodes: { label: string }[] } };
    expect(r.step).toBe(4);
    expect(r.graph.nodes.length).toBeGreaterThan(5);
  });

  it('report of a native trace writes a page with the start and every step', async () => {
    const out = join(tmp, 'native.html');
    const io = capture();
    expect(await main(['report', NATIVE, '-o', out], io)).toBe(0);
    const steps = readFileSync(NATIVE, 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('{"pid"')).length;
    expect(readFileSync(out, 'utf8').match(/<article class="step"/g)).toHaveLength(steps + 1);
  });

  it('refuses an strace option beside a scenario, as bad input (exit 2)', async () => {
    const io = capture();
    const scenario = join(ROOT, 'scenarios', 'orphan.yaml');
    expect(await main(['explain', scenario, '--root', '/tmp'], io)).toBe(2);
    expect(io.errs.join('\n')).toContain('--root: applies to a trace');
  });
});
