/**
 * The 64-bit fingerprint of a World without symmetry reduction (ids as allocated and the id
 * counters, as SPIN counts states), built from its records instead of a walk of the whole world.
 *
 * With ids kept, the raw canonical walk (canonical-walk.ts) is a function of the set of its
 * records: each starts with its tag and its own id (a task with its pid) and names others by their
 * ids alone, so the order the walk meets them in, and which of them it reaches, follow from the
 * set; around them it emits the kernel, the sysctls, each task's call in flight and the id
 * counters. So the fingerprint hashes each record as the walk emits it (canonical-records.ts, the
 * same code), adds the 64-bit hashes of all records (a set's hash: the ids keep the records
 * distinct, and a sum does not depend on the order of the tables' keys), and hashes that sum with
 * the rest. Two worlds get the same fingerprint exactly when their raw state keys are the same, up
 * to 64-bit collisions (test/checker/raw-fingerprint.test.ts).
 *
 * Incremental because a copy-on-write step (src/ops/run/cow.ts) shares every record a call did not
 * change with the world before, the same frozen object: a record's hash is remembered per object,
 * so a step's world costs one lookup per record and one walk per record the call changed. Only
 * deeply frozen records are remembered (a step's, immer's); a hand-built or parsed world's
 * records, which could still be changed, are hashed every time. Tables are not remembered: the
 * step leaves them unfrozen (see settleTable there), so a table object is no proof of its contents.
 */
import type { World } from '../model/world.js';
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

/** The raw walk's naming: every id and inode number as it is. */
export const AS_IS: IdNamer = {
  raw: true,
  id: (_kind, id) => id ?? null,
  ino: (_sb, ino) => ino,
};

export type RecordWalk<T> = (s: CanonicalSink, r: IdNamer, id: number, rec: T) => void;

const walkTaskRecord: RecordWalk<World['tasks'][number]> = (s, r, _pid, t) => walkTask(s, r, t);

/** Each table's record walk, in the order of footprint.ts's TABLES (inodes, dentries, ...). */
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
  readonly walk: RecordWalk<never>;
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

function recordHash<T extends object>(walk: RecordWalk<T>, id: number, rec: T): Fingerprint {
  const m = remembered.get(rec);
  if (m !== undefined && m.id === id && m.walk === walk) return m.fp;
  const s = new HashSink();
  walk(s, AS_IS, id, rec);
  const fp = s.result();
  if (deeplyFrozen(rec)) remembered.set(rec, { walk, id, fp });
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
    this.hi = (this.hi + sign * fp.hi) | 0;
    this.lo += sign * fp.lo;
    this.count += sign;
  }

  addTable<T extends object>(table: Readonly<Record<number, T>>, walk: RecordWalk<T>): void {
    for (const key of Object.keys(table)) {
      const id = Number(key);
      const rec = table[id];
      if (rec !== undefined) this.add(recordHash(walk, id, rec), 1);
    }
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
    const walk = RAW_WALKS[k];
    if (walk === undefined) throw new ModelBug(`no raw walk for the table ${name}`);
    sum.addTable(w[name] as Readonly<Record<number, never>>, walk);
  }
  return rawFingerprintOf(w, sum);
}

/** The world's raw fingerprint from the sum of its records' hashes (kept elsewhere: search/record-hashes.ts). */
export function rawFingerprintOf(w: World, sum: RecordSum): Fingerprint {
  const s = new HashSink();
  s.val(w.kernel);
  for (const n of SYSCTL_NAMES) s.val(w.sysctl[n]);
  sum.into(s);
  s.nested(w.next);
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
