/**
 * Damage done to a world in place, as a buggy call could do it, naming the records it changed (as
 * a touch log names them): for the incremental invariants' tests, which add those to the call's
 * touches.
 */
import { S_DEAD } from '../../src/model/inode.js';
import type { World } from '../../src/model/world.js';

/** A record damage changed (as the touch log names it). */
export type Hurt = { readonly table: object; readonly id: number };

const TABLES = ['inodes', 'dentries', 'mounts', 'superblocks', 'files', 'fdtables', 'tasks', 'mntns'] as const;
const NUMERIC =
  /count|nlink|s_active|d_parent|d_inode|mnt_parent|mnt_root|mnt_sb|f_inode|i_sb|files|mnt_ns|i_state|i_flags/;

/**
 * One small damage: a count, an id, a name or a flag changed, a record dropped, an orphan listed, a
 * directory marked dead (S_DEAD and no link, as rmdir leaves it).
 */
export function corruptInPlace(w: World, pick: number, by: number): Hurt[] {
  const table = w[TABLES[pick % TABLES.length] ?? 'inodes'] as unknown as Record<number, Record<string, unknown>>;
  const ids = Object.keys(table);
  const id = Number(ids[pick % Math.max(ids.length, 1)]);
  const rec = table[id];
  if (rec === undefined) return [];
  const fields = Object.keys(rec).filter((k) => NUMERIC.test(k) || /^(d_unhashed|s_orphans|d_name)$/.test(k));
  const f = fields[by % Math.max(fields.length, 1)];
  if (f === undefined || by % 11 === 0) delete table[id];
  else if (f === 'i_flags') {
    rec.i_flags = (rec.i_flags as number) | S_DEAD;
    rec.i_nlink = 0;
  } else {
    const v = rec[f];
    if (typeof v === 'string') rec[f] = `${v}x`;
    else if (typeof v === 'number') rec[f] = v + (by % 2 === 0 ? 1 : -1);
    else if (typeof v === 'boolean') rec[f] = !v;
    else if (v === null) rec[f] = 1;
    else if (Array.isArray(v)) rec[f] = [...v, by % 7]; // a new list: the old one may be shared with a saved record
  }
  return [{ table, id }];
}
