/**
 * What a step changed, as typed facts a person can read: counts that moved and the helper that
 * moved them, objects allocated and freed, names added and removed, the orphan list, fd slots,
 * relink_dir and the checkpoint image. Computed from the diff of the step's worlds, never from
 * the scenario's text.
 */
import type { InodeId } from '../model/ids.js';
import type { ImageFile } from '../model/image.js';
import type { World } from '../model/world.js';
import { ref, type Change, type ChangeKind } from './change.js';
import { frameDiff, type RecordRef } from './diff.js';
import { tableSlots } from './fd-changes.js';
import { fieldChanges } from './field-changes.js';
import { LIFECYCLE } from './kernel-fns.js';
import { dentryPath, fileLabel, inodeLabel, objectLabel, openFlagsText, TYPE_WORDS } from './labels.js';
import type { Frame, State } from './timeline.js';

export type { Change, ChangeKind, ObjRef } from './change.js';

function allocWhat(w: World, r: RecordRef): string {
  switch (r.table) {
    case 'inodes': {
      const i = w.inodes[r.id];
      const fs = i === undefined ? '' : (w.superblocks[i.i_sb]?.s_type ?? '');
      const type = i === undefined ? '?' : TYPE_WORDS[i.type];
      return `${inodeLabel(w, r.id as InodeId)} (${type} on ${fs}, i_nlink ${i?.i_nlink ?? '?'})`;
    }
    case 'files': {
      const f = w.files[r.id];
      return `${fileLabel(w, r.id)} opened ${f === undefined ? '' : openFlagsText(f.f_flags)}`;
    }
    case 'tasks':
      return `pid ${r.id} (child of pid ${w.tasks[r.id]?.ppid ?? '?'})`;
    default:
      return objectLabel(w, r.table, r.id);
  }
}

function freeWhy(before: World, after: World, r: RecordRef): string | null {
  if (r.table === 'inodes') {
    const i = before.inodes[r.id as InodeId];
    if (i === undefined) return null;
    if (after.superblocks[i.i_sb] === undefined) return 'its file system was shut down';
    return 'its last reference went and it had no name left';
  }
  if (r.table === 'files') return 'its last fd was closed';
  if (r.table === 'dentries') return 'unhashed or negative, and nothing holds it';
  return null;
}

function sourceText(f: ImageFile): string {
  switch (f.source.kind) {
    case 'path':
      return `reopen ${f.source.path}`;
    case 'relinked':
      return `relinked as ${f.source.path}${f.source.unlinkAfter ? ', unlinked again at restart' : ''}`;
    case 'link-remap':
      return `a link remap ${f.source.remapPath}, linked in at the old name, opened and unlinked at restart`;
    case 'ghost':
      return `a ghost copy of ${f.source.size} bytes in the image (ghost ${f.source.remapId}), recreated at restart`;
    case 'handle':
      return `a file handle (dev ${f.source.dev}, ino ${f.source.ino})`;
    case 'dead-dir':
      return `a removed directory, recreated at ${f.source.path} and removed again at restart`;
  }
}

/** A fifo's buffer lives in memory only: the image carries it (patch 05). */
const pipeText = (f: ImageFile): string =>
  f.pipeBuf === null ? '' : `, with its ${f.pipeBuf.length}-byte pipe buffer saved in the image`;

function imageChange(st: State): Change | null {
  const img = st.image;
  if (img === null) return null;
  const byKey = new Map(img.files.map((f) => [f.key, f]));
  return {
    kind: 'image',
    strategy: img.strategy,
    files: img.files.map((f) => ({ path: f.origPath, unlinked: f.unlinked, source: sourceText(f) + pipeText(f) })),
    // The fds of the files the image holds; inherited ones (stdin and the like) are the restarter's.
    fds: img.tasks.flatMap((t) =>
      t.fds.flatMap((fd) => {
        const f = byKey.get(fd.file);
        return f === undefined ? [] : [`fd ${fd.fd} of pid ${t.pid} → ${f.origPath}`];
      }),
    ),
    deadCwds: img.tasks.flatMap((t) => {
      if (t.cwd.kind !== 'dead') return [];
      const key = t.cwd.key;
      const d = img.deadDirs.find((x) => x.key === key);
      return [`the cwd of pid ${t.pid} (${d === undefined ? '?' : d.name}, removed)`];
    }),
  };
}

/** The backup replaces the machine: say what travelled and what could not. */
function machineChange(f: Frame): Change {
  const rootSb = (w: World): number | undefined => {
    const t = w.tasks[1];
    return t === undefined ? undefined : w.mounts[t.root.mnt]?.mnt_sb;
  };
  const a = f.before.world;
  const b = f.after.world;
  const sa = rootSb(a);
  const sb = rootSb(b);
  const lost = (sa === undefined ? [] : (a.superblocks[sa]?.s_orphans ?? [])).map((i) => inodeLabel(a, i));
  const rd = sb === undefined ? null : (b.superblocks[sb]?.s_relink_dir ?? null);
  const relinked =
    rd === null ? [] : Object.keys(b.dentries[rd]?.d_children ?? {}).map((n) => `${dentryPath(b, rd)}/${n}`);
  const copied = Object.values(b.inodes).filter((i) => i.i_sb === sb).length - 1;
  return { kind: 'machine', copied, lost, relinked };
}

const ORDER: readonly ChangeKind[] = [
  'machine',
  'image',
  'alloc',
  'name',
  'count',
  'orphan',
  'fd',
  'relink-dir',
  'field',
  'free',
];

/** Reference counts come after what the reader came for (names, links, orphans, fds). */
const rank = (c: Change): number =>
  c.kind === 'count' && c.field !== 'i_nlink' ? ORDER.length : ORDER.indexOf(c.kind);

export function frameChanges(f: Frame): Change[] {
  if (f.step.kind === 'backup') return [machineChange(f)];
  const a = f.before.world;
  const b = f.after.world;
  const d = frameDiff(f);
  const out: Change[] = [];
  if (f.before.image !== f.after.image) {
    const img = imageChange(f.after);
    if (img !== null) out.push(img);
  }
  for (const r of d.added) {
    out.push({ kind: 'alloc', obj: ref(b, r), fn: LIFECYCLE[r.table]?.[0] ?? '', what: allocWhat(b, r) });
    if (r.table === 'fdtables') out.push(...tableSlots(f.step, a, b, r, true));
  }
  for (const fd of d.fields) out.push(...fieldChanges(f.step, a, b, fd));
  for (const r of d.removed) {
    out.push({ kind: 'free', obj: ref(a, r), fn: LIFECYCLE[r.table]?.[1] ?? '', why: freeWhy(a, b, r) });
    if (r.table === 'fdtables') out.push(...tableSlots(f.step, a, b, r, false));
  }
  return out
    .map((c, i) => ({ c, i }))
    .sort((x, y) => rank(x.c) - rank(y.c) || x.i - y.i)
    .map((x) => x.c);
}
