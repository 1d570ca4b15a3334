/**
 * One changed field of one record, told as the change a reader follows: a count and its get/put
 * helper, the orphan list, names in a directory, fd slots, relink_dir, or a plain field.
 */
import type { DentryId, InodeId } from '../model/ids.js';
import type { Extent } from '../model/inode.js';
import type { World } from '../model/world.js';
import type { Step } from '../scenario/parse.js';
import { ref, type Change, type ObjRef } from './change.js';
import type { FieldDiff } from './diff.js';
import { fdChanges } from './fd-changes.js';
import { COUNT_HELPERS, FLAG_NAMES, flagsText, nlinkActor, stepPath } from './kernel-fns.js';
import { dentryPath, inodeHolders, inodeLabel, objectLabel } from './labels.js';

/** Fields that only move a counter of the allocator, not anything a reader follows. */
const SILENT = new Set(['s_next_ino', 's_free_inos', 'f_dir_pos', 'f_dir_cookie', 'f_dir_last_index']);

/** The last function named in the step's path: the one a field change is attributed to. */
function lastFn(s: Step): string {
  const tail = (stepPath(s).split('→').pop() ?? '').split(': ').pop() ?? '';
  return /^(->)?\w+/.exec(tail.trim())?.[0] ?? 'the step';
}

function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  return JSON.stringify(v) ?? 'undefined';
}

/** A file's extents as the bytes they hold (holes left out), shortened. */
const dataText = (v: unknown): string =>
  show((v as readonly Extent[]).map((e) => ('zeros' in e ? `<${e.zeros} NULs>` : e.bytes)).join(''));

function pipeText(p: unknown): string {
  if (p === null || typeof p !== 'object') return 'no pipe';
  const q = p as { readers: number; writers: number; buf: string };
  const n = (k: number, w: string): string => `${k} ${w}${k === 1 ? '' : 's'}`;
  return `${n(q.readers, 'reader')}, ${n(q.writers, 'writer')}, ${n(q.buf.length, 'byte')} buffered`;
}

function relinkDirs(w: World): Set<number> {
  return new Set(
    Object.values(w.superblocks)
      .map((s) => s.s_relink_dir)
      .filter((d): d is DentryId => d !== null),
  );
}

export function fieldChanges(s: Step, a: World, b: World, d: FieldDiff): Change[] {
  const obj = ref(b, d);
  if (SILENT.has(d.field)) return [];
  const helpers = COUNT_HELPERS[`${d.table}.${d.field}`];
  if (d.field === 'i_nlink' && typeof d.from === 'number' && typeof d.to === 'number') {
    return [{ kind: 'count', obj, field: d.field, from: d.from, to: d.to, fn: nlinkActor(s, d.from, d.to) }];
  }
  if (helpers !== undefined && typeof d.from === 'number' && typeof d.to === 'number') {
    return [
      { kind: 'count', obj, field: d.field, from: d.from, to: d.to, fn: d.to > d.from ? helpers[0] : helpers[1] },
    ];
  }
  switch (`${d.table}.${d.field}`) {
    case 'superblocks.s_orphans':
      return orphanChanges(a, b, d);
    case 'superblocks.s_relink_dir': {
      const path = (w: World, v: unknown): string | null =>
        typeof v === 'number' ? dentryPath(w, v as DentryId) : null;
      return [{ kind: 'relink-dir', obj, from: path(a, d.from), to: path(b, d.to) }];
    }
    case 'dentries.d_children':
      return nameChanges(a, b, d);
    case 'fdtables.fds':
      return fdChanges(s, a, b, d);
    case 'dentries.d_unhashed':
      return [
        {
          kind: 'field',
          obj,
          field: d.field,
          from: show(d.from),
          to: show(d.to),
          fn: d.to === true ? 'd_delete' : 'd_rehash',
        },
      ];
    case 'dentries.d_inode': {
      const lab = (w: World, v: unknown): string => (typeof v === 'number' ? inodeLabel(w, v as InodeId) : 'none');
      const fn = d.to === null ? 'd_delete' : 'd_instantiate';
      return [{ kind: 'field', obj, field: d.field, from: lab(a, d.from), to: lab(b, d.to), fn }];
    }
    case 'inodes.i_pipe':
      return [{ kind: 'field', obj, field: 'i_pipe', from: pipeText(d.from), to: pipeText(d.to), fn: 'fs/pipe.c' }];
    case 'inodes.i_data':
      return [{ kind: 'field', obj, field: 'data', from: dataText(d.from), to: dataText(d.to), fn: lastFn(s) }];
    case 'inodes.i_flags':
    case 'inodes.i_state':
    case 'mounts.mnt_flags':
    case 'superblocks.s_flags': {
      const names = FLAG_NAMES[d.field] ?? [];
      const f = (v: unknown): string => flagsText(Number(v), names);
      return [{ kind: 'field', obj, field: d.field, from: f(d.from), to: f(d.to), fn: lastFn(s) }];
    }
    case 'mounts.mnt_mounts': {
      const m = (w: World, v: unknown): string =>
        JSON.stringify((v as number[]).map((id) => objectLabel(w, 'mounts', id)));
      return [{ kind: 'field', obj, field: d.field, from: m(a, d.from), to: m(b, d.to), fn: lastFn(s) }];
    }
    case 'tasks.pwd':
    case 'tasks.root': {
      const p = (w: World, v: unknown): string =>
        dentryPath(w, ((v as { dentry?: number } | null)?.dentry ?? 0) as DentryId);
      return [{ kind: 'field', obj, field: d.field, from: p(a, d.from), to: p(b, d.to), fn: lastFn(s) }];
    }
    case 'tasks.blocked':
      return [];
    default:
      return [{ kind: 'field', obj, field: d.field, from: show(d.from), to: show(d.to), fn: lastFn(s) }];
  }
}

function orphanChanges(a: World, b: World, d: FieldDiff): Change[] {
  const was = new Set(d.from as readonly number[]);
  const now = new Set(d.to as readonly number[]);
  const fs = b.superblocks[d.id]?.s_type ?? a.superblocks[d.id]?.s_type ?? '';
  const out: Change[] = [];
  for (const ino of now) {
    if (was.has(ino)) continue;
    const obj: ObjRef = { table: 'inodes', id: ino, label: inodeLabel(b, ino as InodeId) };
    out.push({ kind: 'orphan', obj, fs, on: true, fn: `${fs}_orphan_add`, holders: inodeHolders(b, ino as InodeId) });
  }
  for (const ino of was) {
    if (now.has(ino)) continue;
    const obj: ObjRef = { table: 'inodes', id: ino, label: inodeLabel(a, ino as InodeId) };
    out.push({ kind: 'orphan', obj, fs, on: false, fn: `${fs}_orphan_del`, holders: [] });
  }
  return out;
}

function nameChanges(a: World, b: World, d: FieldDiff): Change[] {
  const was = d.from as Readonly<Record<string, number>>;
  const now = d.to as Readonly<Record<string, number>>;
  const relinkDir = relinkDirs(b).has(d.id) || relinkDirs(a).has(d.id);
  const out: Change[] = [];
  const target = (w: World, dentry: number | undefined): string | null => {
    const ino = dentry === undefined ? undefined : w.dentries[dentry]?.d_inode;
    return ino === undefined || ino === null ? null : inodeLabel(w, ino);
  };
  const pathOf = (w: World, name: string): string => {
    const dir = dentryPath(w, d.id as DentryId);
    return `${dir.endsWith('/') ? dir : `${dir}/`}${name}`;
  };
  for (const [name, id] of Object.entries(now)) {
    if (was[name] === id) continue;
    out.push({
      kind: 'name',
      path: pathOf(b, name),
      inode: target(b, id),
      added: true,
      relinkDir,
      fn: 'd_instantiate',
    });
  }
  for (const [name, id] of Object.entries(was)) {
    if (now[name] === id) continue;
    out.push({ kind: 'name', path: pathOf(a, name), inode: target(a, id), added: false, relinkDir, fn: 'd_delete' });
  }
  return out;
}
