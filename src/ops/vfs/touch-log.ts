/**
 * The records a call may have changed, for checks that look only at those (the replay's invariants
 * after every call: src/invariants/invariants-incremental.ts). While a log is open, every accessor
 * that hands out a writable record (world-draft.ts: inodeOf, dentryOf, ...) and every insertion or
 * removal of a record (putRecord, dropRecord) notes its table and id. Handlers write records only
 * through those (the copy-on-write step enforces it: a record got any other way is frozen there, and
 * a write to it throws), so the log holds every record a call changed, and some it only read.
 * test/ops/touch-log.test.ts holds the log to a diff of the worlds before and after each call.
 */
import { ModelBug } from '../../model/errors.js';
import { tableToWrite } from './cow-access.js';

/**
 * Table and id of each note, in order, repeats included: the first `count` entries of `tables` and
 * `ids`. The lists are reused from call to call and not truncated (V8 drops an array's storage when
 * its length is set to 0 and grows it again at the next writes).
 */
export interface TouchLog {
  readonly tables: object[];
  readonly ids: number[];
  count: number;
  /**
   * Hears each note before the record is written, replaced or deleted (the search in place saves
   * the record's old version here: src/checker/search/undo-world.ts).
   */
  readonly beforeWrite?: (table: object, id: number) => void;
}

let open: TouchLog | null = null;

/** Notes go to `log` (emptied first: its count set to 0) until closeTouchLog. */
export function openTouchLog(log: TouchLog): void {
  if (open !== null) throw new ModelBug('a touch log opened inside another');
  log.count = 0;
  open = log;
}

export function closeTouchLog(): void {
  open = null;
}

/** Notes `table`'s record `id`; in a copy-on-write step, under the step's own copy of the table. */
export function noteTouch(table: Record<number, unknown>, id: number): void {
  if (open === null) return;
  const own = tableToWrite(table);
  open.beforeWrite?.(own, id);
  const n = open.count++;
  open.tables[n] = own;
  open.ids[n] = id;
}

/** `table[id] = rec`, noted; in a copy-on-write step, into the step's own copy (cow-access.ts). */
export function putRecord<T>(table: Record<number, T>, id: number, rec: NoInfer<T>): void {
  noteTouch(table, id); // before the write, so that a log's beforeWrite sees the record it replaces
  tableToWrite(table)[id] = rec;
}

/** `delete table[id]`, noted; in a copy-on-write step, from the step's own copy (cow-access.ts). */
export function dropRecord(table: Record<number, unknown>, id: number): void {
  noteTouch(table, id); // before the delete, as in putRecord
  delete tableToWrite(table)[id];
}
