/**
 * The records a step may have changed, when its caller knows them (the search in place: its undo
 * frame notes every record a call wrote, src/checker/search/undo-world.ts), so that the transition
 * laws look at those instead of walking whole tables of both worlds. The promise the caller makes:
 * a record not listed is the same object in the world before and the world after (or absent from
 * both). A listed record may still be equal, or the same object: listing is "may differ".
 */
import { TABLES } from '../ops/run/footprint.js';

/** Pairs of (table kind, an index in TABLES; id), as the undo frame keeps them. */
export interface ChangedRecords {
  readonly kinds: readonly number[];
  readonly ids: readonly number[];
  /** How many pairs: the first `count` entries of both lists. */
  readonly count: number;
}

export type TableName = (typeof TABLES)[number];

const EMPTY: readonly number[] = [];

/**
 * The listed ids of each table, ascending (the order Object.values walks a table's integer keys in),
 * each table's gathered when a law first asks for it.
 */
export class ChangedTables {
  private readonly byKind: (readonly number[] | undefined)[] = [];

  constructor(private readonly changed: ChangedRecords) {}

  /** The ids of `table` that may differ between the worlds, ascending. */
  ids(table: TableName): readonly number[] {
    const k = TABLES.indexOf(table);
    const known = this.byKind[k];
    if (known !== undefined) return known;
    const { kinds, ids, count } = this.changed;
    let list: number[] | undefined;
    for (let n = 0; n < count; n++) {
      const id = ids[n];
      if (kinds[n] !== k || id === undefined || list?.includes(id) === true) continue;
      (list ??= []).push(id);
    }
    if (list !== undefined && list.length > 1) list.sort((a, b) => a - b);
    return (this.byKind[k] = list ?? EMPTY);
  }
}
