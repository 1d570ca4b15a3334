import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';

function capture(): Io & { outs: string[]; errs: string[] } {
  const outs: string[] = [];
  const errs: string[] = [];
  return { outs, errs, out: (s) => outs.push(s), err: (s) => errs.push(s), isTTY: false };
}

const tmp = mkdtempSync(join(tmpdir(), 'relinklab-cli-'));
const file = (name: string, body: string): string => {
  const p = join(tmp, name);
  writeFileSync(p, body);
  return p;
};

describe('relinklab replay', () => {
  it('exits 0 when the bundled example matches every expectation', async () => {
    const io = capture();
    expect(await main(['replay', 'traces/examples/unlinked-open.jsonl'], io)).toBe(0);
    expect(io.outs.join('\n')).toContain('0 mismatched');
  });

  it('exits 1 and names the line when an expectation fails', async () => {
    const t = file('bad-expect.jsonl', '{"pid":1,"call":"unlink","args":{"path":"/nope"},"expect":{"ret":0}}\n');
    const io = capture();
    expect(await main(['replay', t], io)).toBe(1);
    expect(io.outs.join('\n')).toContain(`${t}:1: unlink`);
  });

  it('shows a mismatched line of a native trace with its call as strace prints it', async () => {
    const line =
      '{"pid":1,"call":"open","args":{"path":"/a","flags":"O_RDWR|O_CREAT","mode":"0644"},"expect":{"ret":4}}';
    const t = file('symbolic-native.jsonl', `${line}\n`);
    const io = capture();
    expect(await main(['replay', t], io)).toBe(1);
    expect(io.outs).toContain(`${t}:1: open("/a", O_RDWR|O_CREAT, 0644): ret: expected 4, model 3`);
  });

  it('shows a mismatched line of an strace log with its call as strace prints it', async () => {
    const log = file('symbolic.log', '100 unlinkat(AT_FDCWD, "a", AT_REMOVEDIR) = 0\n');
    const io = capture();
    expect(await main(['replay', '--strace', log], io)).toBe(1);
    expect(io.outs).toContain(`${log}:1: unlinkat(AT_FDCWD, "a", AT_REMOVEDIR): expected 0; returned 0, model ENOENT`);
  });

  it('exits 2 with one line naming file and line for a malformed trace, and writes nothing else', async () => {
    const t = file('malformed.jsonl', '{"pid":1,"call":"close","args":{"fd":3}}\n{"pid":1,"call":"frobnicate"}\n');
    const io = capture();
    expect(await main(['replay', t], io)).toBe(2);
    expect(io.errs).toHaveLength(1);
    expect(io.errs[0]).toMatch(new RegExp(`^${t}:2: unknown call "frobnicate"`));
    expect(io.outs).toEqual([]);
  });

  it('exits 2 for an unreadable file and for an impossible option', async () => {
    const io = capture();
    expect(await main(['replay', join(tmp, 'missing.jsonl')], io)).toBe(2);
    expect(await main(['replay', '--fs', 'zfs', 'traces/examples/unlinked-open.jsonl'], io)).toBe(2);
    expect(io.errs[1]).toContain('unknown file system "zfs"');
  });

  it('prints the strace comparison as JSON with --json', async () => {
    const io = capture();
    const status = await main(
      ['replay', '--strace', 'test/corpus/strace/links.log', '--root', '/tmp/rlroot/links', '--json'],
      io,
    );
    expect(status).toBe(0);
    const r = JSON.parse(io.outs[0] ?? '{}') as Record<string, unknown>;
    expect(Object.keys(r)).toEqual(
      expect.arrayContaining([
        'calls',
        'matched',
        'mismatched',
        'skipped',
        'mismatches',
        'outside',
        'skippedModelled',
        'unknown',
        'inferred',
        'skipReasons',
        'verdict',
      ]),
    );
    expect(r['mismatched']).toBe(0);
  });

  it('exits 3 (incomplete) naming each fd it inferred the traced program inherited, with the line that forced it', async () => {
    const io = capture();
    const log = 'test/corpus/strace/inherited.log';
    expect(await main(['replay', '--strace', log, '--root', '/tmp/rlroot/inherited'], io)).toBe(3);
    expect(io.outs).toContain(`${log}:17: inferred: the programs started with fd 10 open (state it with --fds)`);
    expect(io.outs).toContain(`${log}:18: inferred: the programs started with fd 251 open (state it with --fds)`);
    expect(io.outs.at(-1)).toBe('incomplete: 2 inferred fds; see --json');
  });

  it('exits 0 when the inherited fds are stated with --fds, and ends with the clean line', async () => {
    const io = capture();
    const log = 'test/corpus/strace/inherited.log';
    const args = ['replay', '--strace', log, '--root', '/tmp/rlroot/inherited', '--fds', '0,1,2,10,251'];
    expect(await main(args, io)).toBe(0);
    expect(io.outs.at(-1)).toMatch(/^clean: every modelled call inside the root was compared and matched/);
  });

  it('exits 0 for an incomplete run with --lenient, and still says it is incomplete', async () => {
    const io = capture();
    const log = 'test/corpus/strace/inherited.log';
    expect(await main(['replay', '--strace', log, '--root', '/tmp/rlroot/inherited', '--lenient'], io)).toBe(0);
    expect(io.outs.at(-1)).toBe('incomplete: 2 inferred fds; see --json');
  });

  it('exits 1 when an answer differs, with --fds stated (a first open that returned 4)', async () => {
    const text = readFileSync('test/corpus/strace/open.log', 'latin1').replace(
      /open\("f", O_WRONLY\|O_CREAT, 0644\) = 3/,
      'open("f", O_WRONLY|O_CREAT, 0644) = 4',
    );
    const io = capture();
    const args = ['replay', '--strace', file('open4.log', text), '--root', '/tmp/rlroot/open', '--fds', '0,1,2'];
    expect(await main(args, io)).toBe(1);
    expect(io.outs.at(-1)).toMatch(/^mismatch: /);
  });

  it('exits 2 for a malformed --fds or --root-mode', async () => {
    const io = capture();
    const log = 'test/corpus/strace/links.log';
    expect(await main(['replay', '--strace', log, '--fds', '0,1,x'], io)).toBe(2);
    expect(await main(['replay', '--strace', log, '--root-mode', '999'], io)).toBe(2);
    expect(io.errs).toHaveLength(2);
    expect(io.outs).toEqual([]);
  });

  it('exits 2 for a --caps that is not a set of the 41 capabilities in hex', async () => {
    const io = capture();
    const log = 'test/corpus/strace/links.log';
    expect(await main(['replay', '--strace', log, '--caps', 'all'], io)).toBe(2);
    expect(await main(['replay', '--strace', log, '--caps', '0x20000000000'], io)).toBe(2);
    expect(io.errs).toHaveLength(2);
    expect(io.outs).toEqual([]);
  });

  it("states root's capabilities with --caps: capget answers them", async () => {
    const text = `1 capget({version=_LINUX_CAPABILITY_VERSION_3, pid=0}, {effective=1<<CAP_CHOWN, permitted=1<<CAP_CHOWN, inheritable=0}) = 0\n`;
    const log = file('capget.log', text);
    // As /proc/self/status prints CapEff: 16 hex digits.
    expect(await main(['replay', '--strace', log, '--fds', '0,1,2', '--caps', '0000000000000001'], capture())).toBe(0);
    expect(await main(['replay', '--strace', log, '--fds', '0,1,2'], capture())).toBe(1);
  });

  it('exits 2 naming the line of a malformed strace log', async () => {
    const t = file('broken.log', '1 open("a", O_RDONLY) = 3\n1 open("b", O_RDONLY\n');
    const io = capture();
    expect(await main(['replay', '--strace', t], io)).toBe(2);
    expect(io.errs[0]).toMatch(new RegExp(`^${t}:2: `));
  });

  it('checks the invariants once at the end with --invariants end, with the same verdict', async () => {
    const io = capture();
    expect(await main(['replay', '--invariants', 'end', '--json', 'traces/examples/unlinked-open.jsonl'], io)).toBe(0);
    expect(JSON.parse(io.outs[0] ?? '{}')).toMatchObject({ mismatched: 0 });
  });

  it('refuses an unknown --invariants value with exit 2', async () => {
    const io = capture();
    expect(await main(['replay', '--invariants', 'sometimes', 'traces/examples/unlinked-open.jsonl'], io)).toBe(2);
    expect(io.errs[0]).toMatch(/--invariants/);
  });
});
