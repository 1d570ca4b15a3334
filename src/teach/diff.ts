/**
 * The difference between two worlds as patch-like records (which object appeared, went, or had
 * which field changed), the raw material of the narration. Worlds come from immer, so untouched
 * records are the same objects and are skipped by reference.
 */
import type { Patch } from 'immer';
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

/** Which records of a table to compare, and which of their fields ('all' for every one). */
type Scope = ReadonlyMap<number, ReadonlySet<string> | 'all'>;

/** Compare the records in scope of every table, in order: tables, then ids, then fields. */
function diffScoped(a: World, b: World, scopeOf: (table: Table, ta: Rows, tb: Rows) => Scope | null): WorldDiff {
  const added: RecordRef[] = [];
  const removed: RecordRef[] = [];
  const fields: FieldDiff[] = [];
  for (const table of TABLES) {
    const ta = a[table] as unknown as Rows;
    const tb = b[table] as unknown as Rows;
    const scope = scopeOf(table, ta, tb);
    if (scope === null) continue;
    const sorted = [...scope.keys()].sort((x, y) => x - y);
    for (const id of sorted) if (ta[id] !== undefined && tb[id] === undefined) removed.push({ table, id });
    for (const id of sorted) {
      const ra = ta[id];
      const rb = tb[id];
      if (rb === undefined) continue;
      if (ra === undefined) {
        added.push({ table, id });
        continue;
      }
      if (ra === rb) continue;
      const which = scope.get(id);
      for (const field of Object.keys(rb)) {
        if (which !== 'all' && which?.has(field) !== true) continue;
        if (!same(ra[field], rb[field])) fields.push({ table, id, field, from: ra[field], to: rb[field] });
      }
    }
  }
  return { added, removed, fields };
}

const everyRecord = (ta: Rows, tb: Rows): Scope => new Map([...ids(ta), ...ids(tb)].map((id) => [id, 'all']));

/** Every record of every table that is not the very same object in both worlds. */
export function diffWorlds(a: World, b: World): WorldDiff {
  return diffScoped(a, b, (_table, ta, tb) => (ta === tb ? null : everyRecord(ta, tb)));
}

/**
 * The same difference read from immer's patches of the transition: only the records and fields
 * the patches touch are compared, so both give the same records in the same order. A patch that
 * replaces a whole table falls back to comparing the table.
 */
export function diffFromPatches(a: World, b: World, patches: readonly Patch[]): WorldDiff {
  const touched = new Map<Table, Map<number, Set<string> | 'all'>>();
  const whole = new Set<Table>();
  for (const p of patches) {
    const table = p.path[0] as Table;
    if (!TABLES.includes(table)) continue;
    if (p.path.length === 1) {
      whole.add(table);
      continue;
    }
    const rows = touched.get(table) ?? new Map<number, Set<string> | 'all'>();
    touched.set(table, rows);
    const id = Number(p.path[1]);
    const prev = rows.get(id);
    if (p.path.length === 2 || prev === 'all') rows.set(id, 'all');
    else rows.set(id, (prev ?? new Set<string>()).add(String(p.path[2])));
  }
  return diffScoped(a, b, (table, ta, tb) => (whole.has(table) ? everyRecord(ta, tb) : (touched.get(table) ?? null)));
}

/** What a step changed: from its immer patches, or by comparing the worlds when it has none. */
export function frameDiff(f: {
  readonly before: { readonly world: World };
  readonly after: { readonly world: World };
  readonly patches: readonly Patch[] | null;
}): WorldDiff {
  return f.patches === null
    ? diffWorlds(f.before.world, f.after.world)
    : diffFromPatches(f.before.world, f.after.world, f.patches);
}
