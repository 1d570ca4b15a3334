/**
 * The difference between two worlds as patch-like records (which object appeared, went, or had
 * which field changed), the raw material of the narration. Worlds come from immer, so untouched
 * records are the same objects and are skipped by reference.
 */
import type { World } from '../model/world.js';

export const TABLES = [
  'superblocks',
  'mounts',
  'mntns',
  'tasks',
  'fdtables',
  'files',
  'dentries',
  'inodes',
] as const satisfies readonly (keyof World)[];

export type Table = (typeof TABLES)[number];

export interface RecordRef {
  readonly table: Table;
  readonly id: number;
}

export interface FieldDiff extends RecordRef {
  readonly field: string;
  readonly from: unknown;
  readonly to: unknown;
}

export interface WorldDiff {
  readonly added: readonly RecordRef[];
  readonly removed: readonly RecordRef[];
  readonly fields: readonly FieldDiff[];
}

/** Any table seen as plain rows, so one loop diffs them all. */
type Rows = Readonly<Record<number, Readonly<Record<string, unknown>>>>;

const same = (a: unknown, b: unknown): boolean => a === b || JSON.stringify(a) === JSON.stringify(b);

const ids = (t: Readonly<Record<number, unknown>>): number[] =>
  Object.keys(t)
    .map(Number)
    .sort((a, b) => a - b);

export function diffWorlds(a: World, b: World): WorldDiff {
  const added: RecordRef[] = [];
  const removed: RecordRef[] = [];
  const fields: FieldDiff[] = [];
  for (const table of TABLES) {
    const ta = a[table] as unknown as Rows;
    const tb = b[table] as unknown as Rows;
    if (ta === tb) continue;
    for (const id of ids(ta)) if (tb[id] === undefined) removed.push({ table, id });
    for (const id of ids(tb)) {
      const ra = ta[id];
      const rb = tb[id];
      if (rb === undefined) continue;
      if (ra === undefined) {
        added.push({ table, id });
        continue;
      }
      if (ra === rb) continue;
      for (const field of Object.keys(rb)) {
        if (!same(ra[field], rb[field])) fields.push({ table, id, field, from: ra[field], to: rb[field] });
      }
    }
  }
  return { added, removed, fields };
}
