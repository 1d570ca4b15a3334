/**
 * The 64-bit fingerprint of a World without symmetry reduction (ids as allocated and the id
 * counters, as SPIN counts states), built from its records instead of a walk of the whole world.
 *
 * With ids kept, the raw canonical walk (canonical-walk.ts) is a function of the set of its
 * records: each starts with its tag and its own id (a task with its pid) and names others by their
 * ids alone, so the order the walk meets them in, and which of them it reaches, follow from the
 * set; around them it emits the kernel, the sysctls, each task's call in flight and the id
 * counters. So the fingerprint hashes each record's walk (canonical-records.ts), written out per
 * kind in fewer words (raw-record-hash.ts: a one-word tag, one word for a 32-bit number; the same
 * values in a code that decodes one way), adds the 64-bit hashes of all records (a set's hash: the
 * ids keep the records distinct, and a sum does not depend on the order of the tables' keys), and
 * hashes that sum with the rest, the counters as values in a fixed order. Two worlds get the same
 * fingerprint exactly when their raw state keys are the same, up to 64-bit collisions
 * (test/checker/raw-fingerprint.test.ts). The value is this file's alone: the copy-on-write search
 * and the in-place one (search/record-hashes.ts) both take it from here, and nothing keeps it
 * across builds (the distributed search keys states by the canonical fingerprint).
 *
 * Incremental because a copy-on-write step (src/ops/run/cow.ts) shares every record a call did not
 * change with the world before, the same frozen object: a record's hash is remembered per object,
 * so a step's world costs one lookup per record and one walk per record the call changed. Only
 * deeply frozen records are remembered (a step's, immer's); a hand-built or parsed world's
 * records, which could still be changed, are hashed every time. Tables are not remembered: the
 * step leaves them unfrozen (see settleTable there), so a table object is no proof of its contents.
 */
import type { NextIds, World } from '../model/world.js';
import { SYSCTL_NAMES } from '../model/sysctl.js';
import { inflightForm } from '../invariants/inflight.js';
import {
  walkDentry,
  walkFdTable,
  walkFile,
  walkInode,
  walkMntNs,
  walkMount,
  walkSuperBlock,
  walkTask,
  type CanonicalSink,
  type IdNamer,
} from './canonical-records.js';
import { HashSink, type Fingerprint } from './fingerprint-hash.js';
import { ModelBug } from '../model/errors.js';
import { TABLES } from '../ops/run/footprint.js';
import { RAW_HASHES, type RawRecordHash } from './raw-record-hash.js';

/** The raw walk's naming: every id and inode number as it is. */
export const AS_IS: IdNamer = {
  raw: true,
  id: (_kind, id) => id ?? null,
  ino: (_sb, ino) => ino,
};

export type RecordWalk<T> = (s: CanonicalSink, r: IdNamer, id: number, rec: T) => void;

const walkTaskRecord: RecordWalk<World['tasks'][number]> = (s, r, _pid, t) => walkTask(s, r, t);

/** Each table's record walk, in the order of footprint.ts's TABLES (inodes, dentries, ...): what RAW_HASHES tell apart. */
export const RAW_WALKS: readonly RecordWalk<never>[] = [
  walkInode,
  walkDentry,
  walkMount,
  walkSuperBlock,
  walkFile,
  walkFdTable,
  walkTaskRecord,
  walkMntNs,
];

interface Remembered {
  readonly hash: RawRecordHash<never>;
  readonly id: number;
  readonly fp: Fingerprint;
}

// Per record object: its hash under the id and table it was met in (checked on the way out, so a
// record object found under another id or in another table is hashed afresh).
const remembered = new WeakMap<object, Remembered>();

/** True when nothing in `x` can change any more. */
function deeplyFrozen(x: unknown): boolean {
  if (typeof x !== 'object' || x === null) return true;
  if (!Object.isFrozen(x)) return false;
  for (const k of Object.keys(x)) if (!deeplyFrozen((x as Record<string, unknown>)[k])) return false;
  return true;
}

/** The one sink records are hashed with (no hash calls another). */
const recordSink = new HashSink();

/**
 * A record's hash (RAW_HASHES: the raw walk's words), into `recordSink.hi` and `.lo`, for the
 * in-place search (search/record-hashes.ts), which keeps the halves without an object.
 */
export function hashRecordInto(hash: RawRecordHash<never>, id: number, rec: object): HashSink {
  recordSink.reset();
  hash(recordSink, id, rec as never);
  recordSink.finish();
  return recordSink;
}

function recordHash<T extends object>(hash: RawRecordHash<T>, id: number, rec: T): Fingerprint {
  const m = remembered.get(rec);
  if (m !== undefined && m.id === id && m.hash === hash) return m.fp;
  const s = hashRecordInto(hash, id, rec);
  const fp = { hi: s.hi, lo: s.lo };
  if (deeplyFrozen(rec)) remembered.set(rec, { hash, id, fp });
  return fp;
}

/**
 * The sum mod 2^64 of the records' hashes, in two 32-bit halves (the low one carried at the end),
 * and their count: what the world's raw fingerprint holds of its records, in any order.
 */
export class RecordSum {
  private hi = 0;
  /** Exact in a double: under 2^21 records of at most 2^32 each. */
  private lo = 0;
  private count = 0;

  add(fp: Fingerprint, sign: 1 | -1): void {
    this.addHalves(fp.hi, fp.lo, sign);
  }

  /** `add` of a hash kept as its two halves. */
  addHalves(hi: number, lo: number, sign: 1 | -1): void {
    this.hi = (this.hi + sign * hi) | 0;
    this.lo += sign * lo;
    this.count += sign;
  }

  addTable<T extends object>(table: Readonly<Record<number, T>>, hash: RawRecordHash<T>): void {
    for (const key of Object.keys(table)) {
      const id = Number(key);
      const rec = table[id];
      if (rec !== undefined) this.add(recordHash(hash, id, rec), 1);
    }
  }

  /** The sum as it is onto `stack`, to go back to exactly by `popFrom` (each part is exact: see `lo`). */
  pushTo(stack: number[]): void {
    stack.push(this.hi, this.lo, this.count);
  }

  popFrom(stack: number[]): void {
    const count = stack.pop();
    const lo = stack.pop();
    const hi = stack.pop();
    if (hi === undefined || lo === undefined || count === undefined) throw new ModelBug('no record sum to go back to');
    this.hi = hi;
    this.lo = lo;
    this.count = count;
  }

  into(s: HashSink): void {
    const carry = Math.floor(this.lo / 4294967296);
    s.word(this.count);
    s.word((this.hi + carry) | 0);
    s.word((this.lo % 4294967296) | 0);
  }
}

/** The same grouping as rawStateKey (canonical.ts), from per-record hashes remembered across steps. */
export function rawFingerprint(w: World): Fingerprint {
  const sum = new RecordSum();
  for (const [k, name] of TABLES.entries()) {
    const hash = RAW_HASHES[k];
    if (hash === undefined) throw new ModelBug(`no raw hash for the table ${name}`);
    sum.addTable(w[name] as Readonly<Record<number, never>>, hash);
  }
  return rawFingerprintOf(w, sum);
}

/** The id counters' names: every key of NextIds, no other (the type checks both). */
const NEXT_KEYS = Object.keys({
  inode: true,
  dentry: true,
  mount: true,
  sb: true,
  file: true,
  fdtable: true,
  mntns: true,
  pid: true,
  mnt_id: true,
  dev: true,
} satisfies Record<keyof NextIds, true>) as readonly (keyof NextIds)[];

/** The one sink the words around the records are hashed with. */
const worldSink = new HashSink();

/** The world's raw fingerprint from the sum of its records' hashes (kept elsewhere: search/record-hashes.ts). */
export function rawFingerprintOf(w: World, sum: RecordSum): Fingerprint {
  const s = worldSink;
  s.reset();
  s.string(w.kernel);
  for (const n of SYSCTL_NAMES) s.int(w.sysctl[n]);
  sum.into(s);
  // The counters by name in a fixed order, values only (the walk's nested form spells each name).
  const next = w.next;
  for (let k = 0; k < NEXT_KEYS.length; k++) s.int(next[NEXT_KEYS[k]]);
  // Last, each after its tag, so that the words hashed decode to one world form only.
  if (w.inflight !== undefined)
    for (const key of Object.keys(w.tasks)) {
      const t = w.tasks[Number(key)];
      const form = t === undefined ? null : inflightForm(w, t.pid, (kind, id) => AS_IS.id(kind, id));
      if (t === undefined || form === null) continue;
      s.tag('IF');
      s.val(t.pid);
      s.nested(form);
    }
  return s.result();
}
