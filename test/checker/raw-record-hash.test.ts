// The raw fingerprint's record hashes written out per kind (raw-record-hash.ts) are the raw walk's
// (canonical-records.ts with ids as they are, through the generic sink), record by record, over
// every record of the worlds a few ops from the start of both alphabets; and the sink's typed
// methods hash the words its generic `val` and `nested` hash.
import { describe, expect, it } from 'vitest';
import { HashSink, type Fingerprint } from '../../src/checker/fingerprint-hash.js';
import { AS_IS, RAW_WALKS, hashRecordInto } from '../../src/checker/raw-fingerprint.js';
import { RAW_HASHES } from '../../src/checker/raw-record-hash.js';
import { RELINK_ALPHABET, startWorld } from '../../src/checker/relink-alphabet.js';
import { SECURITY_ALPHABET, SECURITY_STARTS, securityStartWorld } from '../../src/checker/security-alphabet.js';
import { TABLES } from '../../src/ops/run/footprint.js';
import type { World } from '../../src/model/world.js';
import { allWorlds } from '../helpers/world-grouping.js';

function walked(k: number, id: number, rec: object): Fingerprint {
  const walk = RAW_WALKS[k];
  if (walk === undefined) throw new Error(`no raw walk of kind ${k}`);
  const s = new HashSink();
  walk(s, AS_IS, id, rec as never);
  return s.result();
}

function hashed(k: number, id: number, rec: object): Fingerprint {
  const hash = RAW_HASHES[k];
  if (hash === undefined) throw new Error(`no raw hash of kind ${k}`);
  const s = hashRecordInto(hash, id, rec);
  return { hi: s.hi, lo: s.lo };
}

/** Each table's records, every one compared; the distinct ones counted per table. */
function expectSameRecordHashes(worlds: readonly World[]): number[] {
  const distinct = TABLES.map(() => new Set<string>());
  for (const w of worlds)
    for (const [k, name] of TABLES.entries()) {
      const table = w[name] as Readonly<Record<number, object>>;
      for (const key of Object.keys(table)) {
        const rec = table[Number(key)];
        if (rec === undefined) continue;
        const want = walked(k, Number(key), rec);
        expect(hashed(k, Number(key), rec), `${name}[${key}]`).toEqual(want);
        distinct[k]?.add(`${want.hi}:${want.lo}`);
      }
    }
  return distinct.map((d) => d.size);
}

describe('the raw record hashes written out per kind', () => {
  it("are the raw walk's for every record three ops from the relink start", () => {
    const counts = expectSameRecordHashes(allWorlds(startWorld('relink'), RELINK_ALPHABET, 3));
    // Every table's records were compared, and many changed ones.
    for (const n of counts) expect(n).toBeGreaterThan(0);
    expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(150);
  });

  it("are the raw walk's for every record of the security alphabet's worlds", () => {
    for (const start of SECURITY_STARTS)
      expectSameRecordHashes(allWorlds(securityStartWorld('relink', start), SECURITY_ALPHABET, 3));
  });

  it("are the raw walk's for records holding what the start does not: blocked tasks, pipes, orphans, freed inode numbers, long and fractional numbers", () => {
    const w = structuredClone(startWorld('relink')) as {
      -readonly [K in keyof World]: World[K];
    };
    const [pid, task] = Object.entries(w.tasks)[0] ?? [];
    const [ino, inode] = Object.entries(w.inodes)[0] ?? [];
    const [sbId, sb] = Object.entries(w.superblocks)[0] ?? [];
    if (pid === undefined || task === undefined || ino === undefined || inode === undefined)
      throw new Error('no task or inode in the start world');
    if (sbId === undefined || sb === undefined) throw new Error('no superblock in the start world');
    const blocked = {
      ...task,
      state: 'blocked' as const,
      exit_code: 3,
      blocked: { syscall: { call: 'read', fd: 3, count: 10 }, reason: 'pipe', file: 2, counter: 7 },
      cred: { ...task.cred, cap_effective: 2 ** 40 + 5, groups: [4, 5, 2 ** 33] },
    } as unknown as typeof task;
    const piped = {
      ...inode,
      i_size: 2 ** 35 + 1,
      i_link: 'target',
      i_data: [
        { off: 0, bytes: 'abc' },
        { off: 9, zeros: 4 },
      ],
      i_pipe: { readers: 1, writers: 0, r_counter: 2, w_counter: 3, buf: 'xy', pages: [{ off: 0, len: 2 }] },
    } as unknown as typeof inode;
    const orphaned = { ...sb, s_orphans: [7, 8], s_free_inos: [12, 0.5], s_relink_dir: null } as unknown as typeof sb;
    w.tasks = { ...w.tasks, [pid]: blocked };
    w.inodes = { ...w.inodes, [ino]: piped };
    w.superblocks = { ...w.superblocks, [sbId]: orphaned };
    expectSameRecordHashes([w]);
  });
});

describe("the hash sink's typed methods", () => {
  const numbers = [0, 1, -1, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, 2 ** 40 + 3, -(2 ** 45), 0.5, -1e300, NaN, Infinity];

  function words(feed: (s: HashSink) => void): Fingerprint {
    const s = new HashSink();
    feed(s);
    return s.result();
  }

  it('num hashes a number as val does', () => {
    for (const v of numbers)
      expect(
        words((s) => s.num(v)),
        String(v),
      ).toEqual(words((s) => s.val(v)));
  });

  it('ref hashes an id as val does, and a missing one as null', () => {
    for (const v of [...numbers, null]) expect(words((s) => s.ref(v))).toEqual(words((s) => s.val(v)));
    expect(words((s) => s.ref(undefined))).toEqual(words((s) => s.val(null)));
  });

  it('string and bool hash as val does', () => {
    for (const v of ['', 'a', 'ab', 'abc', 'relink']) expect(words((s) => s.string(v))).toEqual(words((s) => s.val(v)));
    for (const v of [true, false]) expect(words((s) => s.bool(v))).toEqual(words((s) => s.val(v)));
  });

  it('nums hashes a list as nested does, holes and all', () => {
    const holey: number[] = [1];
    holey[3] = 2;
    for (const v of [[], [1, 2, 3], numbers, holey]) expect(words((s) => s.nums(v))).toEqual(words((s) => s.nested(v)));
  });

  it('a sink reset after use hashes as a new one', () => {
    const s = new HashSink();
    s.val('something before');
    s.result();
    s.reset();
    s.num(5);
    s.string('x');
    expect(s.result()).toEqual(words((t) => (t.val(5), t.val('x'))));
  });
});
