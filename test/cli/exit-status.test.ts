// docs/exit-status.md is the one place the exit statuses are documented; this produces each of
// its rows (but those it marks CI, which need a QEMU guest: scripts/crosscheck-ci.sh runs them).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exitStatusFor } from '../../src/cli/exit-status.js';
import { main } from '../../src/cli/main.js';
import { ModelBug } from '../../src/model/errors.js';
import { capture } from '../helpers/io.js';

const tmp = mkdtempSync(join(tmpdir(), 'relinklab-exit-'));
const file = (name: string, body: string): string => {
  const p = join(tmp, name);
  writeFileSync(p, body);
  return p;
};
const GOOD = 'scenarios/alias.yaml';
const FAILING = file('failing.yaml', 'name: f\nkernel: relink\nfs: ext4\nsteps:\n  - {kill: [99]}\n');
const BROKEN = file('broken.yaml', 'name: [\n');
const CLEAN_LOG = file('clean.log', '7 mkdir("d", 0755) = 0\n');
const MISMATCH_LOG = file('mismatch.log', '7 mkdir("d", 0755) = -1 EEXIST (File exists)\n');
const INFERRED_LOG = file('inferred.log', '7 fcntl(9, F_GETFL) = 0x2 (flags O_RDWR)\n7 mkdir("d", 0755) = 0\n');
const BAD_EXPECT = file('bad-expect.jsonl', '{"pid":1,"call":"unlink","args":{"path":"/nope"},"expect":{"ret":0}}\n');

async function shards(kernel: string, depth: string): Promise<string[]> {
  const out = [0, 1].map((i) => join(tmp, `${kernel}-${depth}-${i}.json`));
  for (const [i, f] of out.entries())
    await main(['check', '--kernel', kernel, '--depth', depth, '--shard', `${i}/2`, '--out-shard', f], capture());
  return out;
}

/** A finished distributed search of depth 1 in two partitions, in a new directory. */
async function distDir(kernel: string): Promise<string> {
  const dir = join(tmp, `dist-${kernel}`);
  await main(['dist', 'init', dir, '--kernel', kernel, '--depth', '1', '--partitions', '2'], capture());
  for (const level of ['0', '1'])
    for (const p of ['0', '1']) await main(['dist', 'level', dir, '--level', level, '--partition', p], capture());
  return dir;
}

/** The command lines that produce each documented row, keyed as the table says "command status". */
const CASES: Record<string, () => string[] | Promise<string[]>> = {
  'replay TRACE 0': () => ['replay', 'traces/examples/unlinked-open.jsonl'],
  'replay TRACE 1': () => ['replay', BAD_EXPECT],
  'replay TRACE 2': () => ['replay', join(tmp, 'absent.jsonl')],
  'replay --strace LOG 0': () => ['replay', '--strace', CLEAN_LOG, '--root', '/r'],
  'replay --strace LOG 1': () => ['replay', '--strace', MISMATCH_LOG, '--root', '/r'],
  'replay --strace LOG 2': () => ['replay', '--strace', BROKEN, '--root', '/r'],
  'replay --strace LOG 3': () => ['replay', '--strace', INFERRED_LOG, '--root', '/r'],
  'run SCENARIO 0': () => ['run', GOOD],
  'run SCENARIO 1': () => ['run', FAILING],
  'run SCENARIO 2': () => ['run', BROKEN],
  'explain SCENARIO 0': () => ['explain', GOOD],
  'explain SCENARIO 1': () => ['explain', FAILING],
  'explain SCENARIO 2': () => ['explain', GOOD, '--step', '999'],
  'render SCENARIO 0': () => ['render', GOOD],
  'render SCENARIO 2': () => ['render', GOOD, '--format', 'png-please'],
  'report SCENARIO 0': () => ['report', GOOD, '-o', join(tmp, 'good.html')],
  'report SCENARIO 1': () => ['report', FAILING, '-o', join(tmp, 'failing.html')],
  'report SCENARIO 2': () => ['report', GOOD, '-o', join(tmp, 'no', 'dir.html')],
  'compare SCENARIO 0': () => ['compare', GOOD],
  'compare SCENARIO 2': () => ['compare', BROKEN],
  'compare --criu SCENARIO... 2': () => ['compare', '--criu', BROKEN],
  // No checkpoint: refused before any guest is booted.
  'compare --criu SCENARIO... 3': () => ['compare', '--criu', 'scenarios/vfs/stat-fields.yaml'],
  'check 0': () => ['check', '--depth', '1', '--out', join(tmp, 'cx0.yaml')],
  'check 1': () => ['check', '--kernel', 'relink-keeps-orphan', '--depth', '3', '--out', join(tmp, 'cx1.yaml')],
  'check 2': () => ['check', '--seed', 'abc'],
  'merge SHARDS 0': async () => ['merge', ...(await shards('relink', '2')), '--out', join(tmp, 'm0.yaml')],
  'merge SHARDS 1': async () => ['merge', ...(await shards('relink-keeps-orphan', '3')), '--out', join(tmp, 'm1.yaml')],
  'merge SHARDS 2': () => ['merge', BROKEN, '--out', join(tmp, 'm2.yaml')],
  'dist init DIR 0': () => ['dist', 'init', join(tmp, 'dist-init'), '--depth', '2', '--partitions', '2'],
  'dist init DIR 2': () => ['dist', 'init', join(tmp, 'dist-bad'), '--depth', '0', '--partitions', '2'],
  'dist level DIR 0': async () => {
    const dir = join(tmp, 'dist-level');
    await main(['dist', 'init', dir, '--depth', '1', '--partitions', '1'], capture());
    return ['dist', 'level', dir, '--level', '0', '--partition', '0'];
  },
  'dist level DIR 2': () => ['dist', 'level', join(tmp, 'no-search'), '--level', '0', '--partition', '0'],
  'dist collect DIR 0': async () => ['dist', 'collect', await distDir('relink'), '--out', join(tmp, 'd0.yaml')],
  'dist collect DIR 1': async () => [
    'dist',
    'collect',
    await distDir('relink-option-leak'),
    '--out',
    join(tmp, 'd1.yaml'),
  ],
  'dist collect DIR 2': () => ['dist', 'collect', join(tmp, 'no-search'), '--out', join(tmp, 'd2.yaml')],
  'crosscheck 2': () => ['crosscheck', '--kernel', 'toString'],
};

/** The "By command" rows: [command, status, marked CI]. */
function documentedRows(): [string, number, boolean][] {
  const doc = readFileSync('docs/exit-status.md', 'utf8');
  const byCommand = doc.slice(doc.indexOf('## By command'));
  return [...byCommand.matchAll(/^\| ([^|]+?) \| (\d+) \| (.*) \|$/gm)].map((m) => [
    m[1] ?? '',
    Number(m[2]),
    (m[3] ?? '').startsWith('*CI*'),
  ]);
}

describe('docs/exit-status.md', () => {
  it('lists a case here for every row it does not leave to CI, and no case it does not list', () => {
    const rows = documentedRows().filter(([c, , ci]) => !ci && c !== 'any command');
    expect(rows.map(([c, s]) => `${c} ${s}`).sort()).toEqual(Object.keys(CASES).sort());
  });

  for (const [key, argv] of Object.entries(CASES)) {
    const status = Number(key.split(' ').at(-1));
    it(`${key}`, async () => {
      const io = capture();
      expect(await main(await argv(), io), io.errs.join('\n')).toBe(status);
      if (status === 2) expect(io.errs).toHaveLength(1);
    });
  }

  it('any command 70: a ModelBug is a bug in relinklab', () => {
    const io = capture();
    expect(exitStatusFor(new ModelBug('an impossible state'), io)).toBe(70);
    expect(io.errs).toEqual(['relinklab: model bug: an impossible state']);
  });
});
