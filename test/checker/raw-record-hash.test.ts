// The raw fingerprint's record hashes written out per kind (raw-record-hash.ts) tell records apart
// exactly as the raw walk does (canonical-records.ts with ids as they are, written out as text),
// over every record of the worlds a few ops from the start of both alphabets and records holding
// what those do not; and the hash sink's typed methods hash the words its generic `val` and
// `nested` hash, its short code (`int`, `id`) words that decode one way only.
import { describe, expect, it } from 'vitest';
import { ESCAPE, HashSink, type Fingerprint } from '../../src/checker/fingerprint-hash.js';
import { RELINK_ALPHABET, startWorld } from '../../src/checker/relink-alphabet.js';
import { SECURITY_ALPHABET, SECURITY_STARTS, securityStartWorld } from '../../src/checker/security-alphabet.js';
import { TABLES } from '../../src/ops/run/footprint.js';
import type { World } from '../../src/model/world.js';
import { hashed, walked } from '../helpers/raw-record-text.js';
import { allWorlds } from '../helpers/world-grouping.js';

/** Each table's records grouped by their hash and by their walk: the same groups. The distinct walks, per table. */
function expectSameRecordGroups(worlds: readonly World[]): number[] {
  const byWalk = new Map<string, string>();
  const byHash = new Map<string, string>();
  const distinct = TABLES.map(() => new Set<string>());
  for (const w of worlds)
    for (const [k, name] of TABLES.entries()) {
      const table = w[name] as Readonly<Record<number, object>>;
      for (const key of Object.keys(table)) {
        const rec = table[Number(key)];
        if (rec === undefined) continue;
        const text = walked(k, Number(key), rec);
        const hash = hashed(k, Number(key), rec);
        if (!byWalk.has(text)) byWalk.set(text, hash);
        if (!byHash.has(hash)) byHash.set(hash, text);
        expect(byWalk.get(text), `${name}[${key}]: one walk, two hashes`).toBe(hash);
        expect(byHash.get(hash), `${name}[${key}]: one hash, two walks`).toBe(text);
        distinct[k]?.add(text);
      }
    }
  return distinct.map((d) => d.size);
}

describe('the raw record hashes written out per kind', () => {
  it('tell apart every record three ops from the relink start as the raw walk does', () => {
    const counts = expectSameRecordGroups(allWorlds(startWorld('relink'), RELINK_ALPHABET, 3));
    // Every table's records were compared, and many changed ones.
    for (const n of counts) expect(n).toBeGreaterThan(0);
    expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(150);
  });

  it("tell apart the records of the security alphabet's worlds as the raw walk does", () => {
    for (const start of SECURITY_STARTS)
      expectSameRecordGroups(allWorlds(securityStartWorld('relink', start), SECURITY_ALPHABET, 3));
  });

  it('tell apart records holding what the start does not: blocked tasks, pipes, orphans, freed inode numbers, long, fractional and escape-valued numbers', () => {
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
    // The same records with one number at the short code's escape, or just past it, or as a missing id.
    const [dId, dentry] = Object.entries(w.dentries)[0] ?? [];
    if (dId === undefined || dentry === undefined) throw new Error('no dentry in the start world');
    const variants: World[] = [startWorld('relink'), w];
    for (const size of [ESCAPE, ESCAPE + 1, ESCAPE >>> 0, 1, 0.5])
      variants.push({ ...w, inodes: { ...w.inodes, [ino]: { ...piped, i_size: size } } });
    for (const d_inode of [null, ESCAPE, 1])
      variants.push({ ...w, dentries: { ...w.dentries, [dId]: { ...dentry, d_inode } } } as unknown as World);
    for (const s_relink_dir of [null, ESCAPE, 1])
      variants.push({
        ...w,
        superblocks: { ...w.superblocks, [sbId]: { ...orphaned, s_relink_dir } },
      } as unknown as World);
    const counts = expectSameRecordGroups(variants);
    expect(counts[TABLES.indexOf('inodes')]).toBeGreaterThanOrEqual(6);
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

  it('int and id put a 32-bit integer in one word, and code every number and missing id one way only', () => {
    expect(words((s) => s.int(5))).toEqual(words((s) => s.word(5)));
    const values = [...new Set([...numbers, ESCAPE, ESCAPE + 1, ESCAPE >>> 0, 4, 9])];
    const ids: (number | null)[] = [...values, null];
    // Runs of one to three, so that where one value's words end matters: all distinct (undefined is
    // null, -0 is 0), none read as another run of the same words.
    const runs: (number | null)[][] = ids.map((a) => [a]);
    for (const a of ids) for (const b of ids) runs.push([a, b], ...ids.map((c) => [a, b, c]));
    const seen = new Map<string, string>();
    for (const run of runs) {
      const fp = words((s) => {
        for (const v of run) s.id(v);
      });
      const key = `${fp.hi}:${fp.lo}`;
      const name = run.map(String).join(',');
      expect(seen.get(key) ?? name, name).toBe(name);
      seen.set(key, name);
    }
    expect(words((s) => s.int(-0))).toEqual(words((s) => s.int(0)));
    expect(words((s) => s.id(undefined))).toEqual(words((s) => s.id(null)));
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
