/**
 * Each object's counts across the whole scenario, TLC trace-explorer style: a row per object and
 * field (i_nlink, i_count, orphan-list membership, f_count, d_count, relink_dir's names), a value
 * per state. An object that does not exist in a state has no value there.
 */
import { FS_TYPES } from '../model/fstype.js';
import type { World } from '../model/world.js';
import { dentryPath, inodeLabel } from './labels.js';
import { fileShownPath } from './shown-paths.js';
import { stateAt, type Timeline } from './timeline.js';

export interface ObjectRow {
  readonly object: string;
  readonly field: string;
  /** One per state, 0 (the booted machine) to the last step; null where the object is absent. */
  readonly values: readonly (string | null)[];
}

interface Probe {
  readonly key: string;
  readonly field: string;
  /** The object's name and value in a world, or null when it is not there. */
  readonly read: (w: World) => { readonly name: string; readonly value: string } | null;
}

const internal = (w: World, sb: number): boolean => {
  const s = w.superblocks[sb];
  return s !== undefined && FS_TYPES[s.s_type].internal;
};

/** The probes for the objects of one world: the rows it contributes. */
function probesOf(w: World): Probe[] {
  const out: Probe[] = [];
  for (const i of Object.values(w.inodes)) {
    if (internal(w, i.i_sb)) continue;
    const at = (x: World) => x.inodes[i.id];
    const name = (x: World): string => inodeLabel(x, i.id);
    for (const field of ['i_nlink', 'i_count'] as const) {
      out.push({
        key: `inode ${i.id}`,
        field,
        read: (x) => {
          const n = at(x);
          return n === undefined ? null : { name: name(x), value: String(n[field]) };
        },
      });
    }
    out.push({
      key: `inode ${i.id}`,
      field: 'on the orphan list',
      read: (x) => {
        const n = at(x);
        if (n === undefined) return null;
        const on = x.superblocks[n.i_sb]?.s_orphans.includes(n.id) === true;
        return { name: name(x), value: on ? 'yes' : 'no' };
      },
    });
  }
  for (const f of Object.values(w.files)) {
    if (internal(w, w.mounts[f.f_path.mnt]?.mnt_sb ?? -1)) continue;
    out.push({
      key: `file ${f.id}`,
      field: 'f_count',
      read: (x) => {
        const g = x.files[f.id];
        return g === undefined ? null : { name: `file ${f.id} (${fileShownPath(x, g)})`, value: String(g.f_count) };
      },
    });
  }
  for (const d of Object.values(w.dentries)) {
    if (internal(w, d.d_sb)) continue;
    out.push({
      key: `dentry ${d.id}`,
      field: 'd_count',
      read: (x) => {
        const e = x.dentries[d.id];
        return e === undefined ? null : { name: `dentry ${dentryPath(x, d.id)}`, value: String(e.d_count) };
      },
    });
  }
  for (const sb of Object.values(w.superblocks)) {
    if (FS_TYPES[sb.s_type].internal) continue;
    out.push({ key: `sb ${sb.id}`, field: "relink_dir's names", read: (x) => relinkNames(x, sb.id) });
  }
  return out;
}

function relinkNames(w: World, sb: number): { name: string; value: string } | null {
  const s = w.superblocks[sb];
  if (s === undefined || s.s_relink_dir === null) return null;
  const dir = s.s_relink_dir;
  const names = Object.values(w.dentries)
    .filter((d) => d.d_parent === dir && d.id !== dir && !d.d_unhashed && d.d_inode !== null)
    .map((d) => d.d_name)
    .sort();
  return {
    name: `${s.s_type} relink_dir ${dentryPath(w, dir)}`,
    value: names.length === 0 ? '(empty)' : names.join(', '),
  };
}

/**
 * The rows of every object any state has, in the order objects first appear. A row whose value
 * never changes and whose object is there from boot (the root's d_count when nothing is made
 * under it) says nothing a reader needs, and is left out.
 */
export function objectTimeline(t: Timeline): ObjectRow[] {
  const worlds = [0, ...t.frames.map((f) => f.index)].map((n) => stateAt(t, n).world);
  const probes = new Map<string, Probe>();
  for (const w of worlds)
    for (const p of probesOf(w)) if (!probes.has(`${p.key}/${p.field}`)) probes.set(`${p.key}/${p.field}`, p);
  const rows: ObjectRow[] = [];
  for (const p of probes.values()) {
    const read = worlds.map((w) => p.read(w));
    const values = read.map((r) => r?.value ?? null);
    const fromBoot = values[0] !== null;
    if (fromBoot && values.every((v) => v === values[0])) continue;
    const name = read.find((r) => r !== null)?.name ?? p.key;
    rows.push({ object: name, field: p.field, values });
  }
  return rows;
}
