/**
 * One mutable world and a stack of undo frames, for the search in place (bfs-in-place.ts): a call
 * runs on the world itself (applyCall, as the in-place runner does) with a touch log open whose
 * `beforeWrite` saves each record's old version at its first note in the frame (a copy sharing
 * its nested objects, which handlers copy before writing: sharingCopy below; nothing for a record
 * that was not there), and the counters and calls in flight (written without
 * a note) are saved whole. Undoing a frame puts the saved records back, deletes the ones the call
 * created, and restores the rest, which gives the world before exactly: the handlers write records
 * only through the noted accessors (touch-log.ts). A call that throws is undone before the throw
 * is answered, so the world is as it was.
 */
import { ModelBug, NotRunnable, Unmodelled } from '../../model/errors.js';
import type { NextIds, World } from '../../model/world.js';
import type { InFlight } from '../../model/inflight.js';
import type { SysResult } from '../../ops/vfs/result.js';
import { applyCall } from '../../ops/run/step.js';
import type { MWorld } from '../../ops/vfs/world-draft.js';
import { deepCopy, freezeDeep } from '../../ops/vfs/plain-data.js';
import { closeTouchLog, openTouchLog, type TouchLog } from '../../ops/vfs/touch-log.js';
import { closeSharingFrame, openSharingFrame } from '../../ops/vfs/own-field.js';
import type { Op } from '../relink-alphabet.js';
import { TABLES } from '../../ops/run/footprint.js';
import { COPY_RECORD, copyNextIds } from './record-copy.js';

/** Calls audited from the start of every UndoWorld (see its constructor). */
const AUDIT_FIRST = 4096;

/** The world's tables, in the order the frames name them by (a kind is an index here). */
export const TABLE_NAMES = TABLES;

type Table = Record<number, object>;
type Writable = { -readonly [K in keyof World]: World[K] };

/** What one call changed, to take it back. */
export interface Frame {
  /**
   * Each record noted, once (kind and id), and what it was before the call (undefined: absent):
   * the first `count` entries of the lists, which are reused by the next call at this height and
   * not truncated (V8 drops an array's storage when its length is set to 0).
   */
  readonly kinds: number[];
  readonly ids: number[];
  readonly olds: (object | undefined)[];
  count: number;
  /** Audited frames only (UndoWorld's auditEvery): a deep copy of each saved record, to hold it to. */
  audited: boolean;
  readonly deep: (object | undefined)[];
  next: NextIds;
  inflight: Readonly<Record<number, InFlight>> | undefined;
  /** The same records as the incremental invariants read them: the world's tables, `ids`, `count`. */
  readonly touches: TouchLog;
}

/**
 * Plain data equal by value (records hold plain objects, arrays and primitives): the same own keys,
 * each value equal. Equal primitives are decided in the loop, without a call per field.
 */
export function samePlain(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  for (const k of ka) {
    const x = ra[k];
    const y = rb[k];
    if (x === y) {
      // Undefined on both sides: equal only if `b` has the key too.
      if (x === undefined && !(k in rb)) return false;
    } else if (typeof x !== 'object' || typeof y !== 'object' || !samePlain(x, y)) return false;
  }
  return true;
}

export class UndoWorld {
  /** The world, written in place: read it only between calls. */
  readonly world: World;
  private readonly tables: Table[];
  private readonly frames: Frame[] = [];
  private depth = 0;
  /** Per kind, per id: the frame serial that last saved the record (its first note in that frame). */
  private readonly savedIn: number[][] = TABLE_NAMES.map(() => []);
  private serial = 0;
  private current: Frame | null = null;
  private readonly log: TouchLog;
  /** The nested objects the call in progress copied before writing (own-field.ts). */
  private readonly nestedCopies: object[] = [];

  /**
   * The first `AUDIT_FIRST` calls and then one in `auditEvery` keep a deep copy of each record
   * they save beside the sharing copy, and their undo holds the one to the other (a ModelBug when
   * a handler wrote into a shared nested object past ownField): the guard of runs that do not
   * freeze (checkSharing), at a small part of the deep copies' cost. The first calls reach most
   * handlers' paths before a stray write could mislead the search (an undo that does not restore
   * the world shows up as a violation of the laws, blamed on the kernel).
   */
  constructor(
    start: World,
    private readonly auditEvery = 256,
  ) {
    this.world = deepCopy(start);
    this.tables = TABLE_NAMES.map((t) => this.world[t] as Table);
    this.log = { tables: [], ids: [], count: 0, beforeWrite: (table, id) => this.save(table, id) };
  }

  /** Calls applied and not undone. */
  get height(): number {
    return this.depth;
  }

  /** The frame of the last call applied. */
  get top(): Frame {
    const f = this.depth === 0 ? undefined : this.frames[this.depth - 1];
    if (f === undefined) throw new ModelBug('no call to undo');
    return f;
  }

  /**
   * `op` on the world, a frame pushed: its result, or null (nothing pushed, the world as it was)
   * when the op cannot run here (NotRunnable, Unmodelled) or its task would not make it (`when`).
   */
  apply(op: Op): SysResult | null {
    // A copy of the world now for `when`: it may run a step through immer, which freezes what it is given.
    if (op.when !== undefined && !op.when(deepCopy(this.world))) return null;
    this.push();
    openTouchLog(this.log);
    openSharingFrame(this.nestedCopies);
    try {
      return applyCall(this.world as MWorld, op.pid, op.sc).result;
    } catch (e) {
      closeTouchLog();
      closeSharingFrame();
      this.undo();
      if (e instanceof NotRunnable || e instanceof Unmodelled) return null;
      throw e;
    } finally {
      closeTouchLog();
      closeSharingFrame();
      this.current = null;
    }
  }

  /** Takes the last call back. */
  undo(): void {
    const f = this.top;
    this.depth--;
    const { kinds, ids, olds } = f;
    if (f.audited) this.audit(f);
    for (let n = f.count - 1; n >= 0; n--) {
      const t = this.tables[kinds[n] ?? -1];
      const id = ids[n] ?? -1;
      if (t === undefined) throw new ModelBug(`an undo frame names table ${kinds[n]}`);
      const old = olds[n];
      if (old === undefined) delete t[id];
      else t[id] = old;
      olds[n] = undefined; // not kept alive by a frame reused later
    }
    const w = this.world as Writable;
    w.next = f.next;
    if (f.inflight === undefined) delete w.inflight;
    else w.inflight = f.inflight;
  }

  /** True when the last call left the world as it found it: a step back to the same state. */
  unchanged(): boolean {
    const f = this.top;
    const w = this.world;
    // The records first: where a call changed anything, a record is where it most often did.
    for (let n = 0; n < f.count; n++)
      if (!samePlain(this.tables[f.kinds[n] ?? -1]?.[f.ids[n] ?? -1], f.olds[n])) return false;
    return samePlain(w.next, f.next) && samePlain(w.inflight, f.inflight);
  }

  /**
   * The world before the last call, for the transition laws: the world's own tables except those
   * the call touched, copied with the old records back. Read it before the next call or undo.
   */
  before(): World {
    const f = this.top;
    const view: Record<string, unknown> = { ...this.world, next: f.next };
    if (f.inflight === undefined) delete view['inflight'];
    else view['inflight'] = f.inflight;
    const copied: (Table | undefined)[] = [];
    for (let n = 0; n < f.count; n++) {
      const k = f.kinds[n] ?? -1;
      let c = copied[k];
      if (c === undefined) view[TABLE_NAMES[k] ?? ''] = copied[k] = c = { ...this.tables[k] };
      const old = f.olds[n];
      if (old === undefined) delete c[f.ids[n] ?? -1];
      else c[f.ids[n] ?? -1] = old;
    }
    return view as unknown as World;
  }

  private push(): Frame {
    let f = this.frames[this.depth];
    if (f === undefined) {
      const ids: number[] = [];
      f = {
        kinds: [],
        ids,
        olds: [],
        count: 0,
        audited: false,
        deep: [],
        next: this.world.next,
        inflight: undefined,
        touches: { tables: [], ids, count: 0 },
      };
      this.frames[this.depth] = f;
    }
    this.depth++;
    f.count = f.touches.count = 0;
    const w = this.world as Writable;
    // Saved as they are and the world given copies: the handlers write the counters' fields in place.
    f.next = w.next;
    w.next = copyNextIds(w.next);
    f.inflight = w.inflight;
    if (w.inflight !== undefined) w.inflight = deepCopy(w.inflight);
    this.serial++;
    f.audited = this.serial <= AUDIT_FIRST || this.serial % this.auditEvery === 0;
    this.current = f;
    return f;
  }

  /** A note's hook: the record's old version at its first note in this call. */
  private save(table: object, id: number): void {
    const f = this.current;
    if (f === null) throw new ModelBug('a note outside a call of the search in place');
    const k = this.tables.indexOf(table as Table);
    if (k < 0) throw new ModelBug('a note for a table not of the world');
    const saved = this.savedIn[k] ?? [];
    if (saved[id] === this.serial) return;
    saved[id] = this.serial;
    const rec = this.tables[k]?.[id];
    const n = f.count;
    f.kinds[n] = k;
    f.ids[n] = id; // f.touches.ids too: the same list
    f.olds[n] = rec === undefined ? undefined : sharingCopy(k, rec);
    if (f.audited) f.deep[n] = rec === undefined ? undefined : deepCopy(rec);
    f.touches.tables[n] = table;
    f.count = f.touches.count = n + 1;
  }

  /** Each record `f` saved is still what it was when saved (nothing wrote into what it shares). */
  private audit(f: Frame): void {
    for (let n = 0; n < f.count; n++) {
      if (!samePlain(f.olds[n], f.deep[n]))
        throw new ModelBug(
          `${TABLE_NAMES[f.kinds[n] ?? -1] ?? '?'} ${f.ids[n] ?? -1}: its saved version changed during the call (a write into a shared nested object past ownField)`,
        );
      f.deep[n] = undefined;
    }
  }
}

/**
 * Whether the nested objects a saved record shares with the live one are frozen: on in tests
 * (test/setup.ts), so that a handler writing into one without ownField (src/ops/vfs/own-field.ts)
 * throws there; off in use, where freezing cost as much as the copies it saves.
 */
let freezeShared = false;

/** Turns the freezing of shared nested objects on or off (tests turn it on). */
export function checkSharing(on: boolean): void {
  freezeShared = on;
}

/**
 * A record's copy for the undo that shares its nested objects (fds, children, lists, pipe, cred,
 * paths) with the live record: a handler writing into one takes a copy first (ownField), so the
 * saved version keeps what it held. Most saves are of a record whose counts change and whose
 * nested objects do not; a deep copy copied them all each time. The copy is the kind's field-by-field
 * copier (record-copy.ts); tests hold it to the record's own keys.
 */
function sharingCopy(k: number, rec: object): object {
  const copy = COPY_RECORD[k];
  if (copy === undefined) throw new ModelBug(`no copier for table kind ${k}`);
  const o = copy(rec);
  if (freezeShared) {
    for (const v of Object.values(rec)) if (typeof v === 'object' && v !== null) freezeDeep(v);
    const keys = Object.keys(rec).sort().join();
    if (Object.keys(o).sort().join() !== keys)
      throw new ModelBug(`a ${TABLE_NAMES[k]} record's copy has not its keys ${keys}`);
  }
  return o;
}
