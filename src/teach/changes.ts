/**
 * What a step changed, as typed facts a person can read: counts that moved and the helper that
 * moved them, objects allocated and freed, names added and removed, the orphan list, fd slots,
 * relink_dir and the checkpoint image. Computed from the diff of the step's worlds, never from
 * the scenario's text.
 */
import type { DentryId, InodeId } from '../model/ids.js';
import type { ImageFile } from '../model/image.js';
import type { Extent } from '../model/inode.js';
import type { World } from '../model/world.js';
import type { Step } from '../scenario/parse.js';
import { diffWorlds, type FieldDiff, type RecordRef, type Table } from './diff.js';
import { COUNT_HELPERS, FLAG_NAMES, flagsText, LIFECYCLE, nlinkActor, stepPath } from './kernel-fns.js';
import { dentryPath, fileLabel, inodeHolders, inodeLabel, objectLabel, openFlagsText, pidsOfTable } from './labels.js';
import type { Frame, State } from './timeline.js';

export interface ObjRef {
  readonly table: Table;
  readonly id: number;
  readonly label: string;
}

export type Change =
  | { readonly kind: 'alloc'; readonly obj: ObjRef; readonly fn: string; readonly what: string }
  | { readonly kind: 'free'; readonly obj: ObjRef; readonly fn: string; readonly why: string | null }
  | {
      readonly kind: 'count';
      readonly obj: ObjRef;
      readonly field: string;
      readonly from: number;
      readonly to: number;
      readonly fn: string;
    }
  | {
      readonly kind: 'orphan';
      readonly obj: ObjRef;
      readonly fs: string;
      readonly on: boolean;
      readonly fn: string;
      readonly holders: readonly string[];
    }
  | {
      readonly kind: 'name';
      readonly path: string;
      readonly inode: string | null;
      readonly added: boolean;
      readonly relinkDir: boolean;
      readonly fn: string;
    }
  | {
      readonly kind: 'fd';
      readonly pids: readonly number[];
      readonly fd: number;
      readonly from: string | null;
      readonly to: string | null;
      readonly fn: string;
    }
  | {
      readonly kind: 'field';
      readonly obj: ObjRef;
      readonly field: string;
      readonly from: string;
      readonly to: string;
      readonly fn: string;
    }
  | { readonly kind: 'relink-dir'; readonly obj: ObjRef; readonly from: string | null; readonly to: string | null }
  | {
      readonly kind: 'image';
      readonly strategy: string;
      readonly files: readonly { readonly path: string; readonly unlinked: boolean; readonly source: string }[];
      readonly fds: readonly string[];
    }
  | {
      readonly kind: 'machine';
      readonly copied: number;
      readonly lost: readonly string[];
      readonly relinked: readonly string[];
    };

export type ChangeKind = Change['kind'];

/** Fields that only move a counter of the allocator, not anything a reader follows. */
const SILENT = new Set(['s_next_ino', 's_free_inos', 'f_dir_pos', 'r_counter', 'w_counter']);

const ref = (w: World, r: RecordRef): ObjRef => ({ ...r, label: objectLabel(w, r.table, r.id) });

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
const dataText = (v: unknown): string => show((v as readonly Extent[]).map((e) => e.bytes).join(''));

function pipeText(p: unknown): string {
  if (p === null || typeof p !== 'object') return 'no pipe';
  const q = p as { readers: number; writers: number; buf: string };
  const n = (k: number, w: string): string => `${k} ${w}${k === 1 ? '' : 's'}`;
  return `${n(q.readers, 'reader')}, ${n(q.writers, 'writer')}, ${n(q.buf.length, 'byte')} buffered`;
}

const TYPE_WORDS = { reg: 'regular file', dir: 'directory', fifo: 'fifo', symlink: 'symlink' } as const;

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

function relinkDirs(w: World): Set<number> {
  return new Set(
    Object.values(w.superblocks)
      .map((s) => s.s_relink_dir)
      .filter((d): d is DentryId => d !== null),
  );
}

function fieldChanges(s: Step, a: World, b: World, d: FieldDiff): Change[] {
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

type Slots = Readonly<Record<string, { readonly file: number }>>;

/** A table that appeared or went: each of its slots was filled by dup_fd or closed at exit. */
function tableSlots(s: Step, a: World, b: World, r: RecordRef, added: boolean): Change[] {
  const t = (added ? b : a).fdtables[r.id];
  if (t === undefined) return [];
  const d: FieldDiff = { ...r, field: 'fds', from: added ? {} : t.fds, to: added ? t.fds : {} };
  return fdChanges(
    s,
    a,
    b,
    d,
    added ? (fd, file) => (inheritedSlot(a, fd, file) ? 'dup_fd' : installFn(s)) : undefined,
  );
}

/** A slot a new table got from its parent's table (dup_fd), rather than installed afterwards. */
const inheritedSlot = (a: World, fd: number, file: number): boolean =>
  Object.values(a.fdtables).some((t) => t.fds[fd]?.file === file);

/** restart puts each restored file in its fd with dup2. */
const installFn = (s: Step): string => (s.kind === 'restart' ? 'do_dup2' : 'fd_install');

function fdChanges(
  s: Step,
  a: World,
  b: World,
  d: FieldDiff,
  install: (fd: number, file: number) => string = () => installFn(s),
): Change[] {
  const was = d.from as Slots;
  const now = d.to as Slots;
  const pids = pidsOfTable(b, d.id).length > 0 ? pidsOfTable(b, d.id) : pidsOfTable(a, d.id);
  const out: Change[] = [];
  const fds = [...new Set([...Object.keys(was), ...Object.keys(now)])].map(Number).sort((x, y) => x - y);
  for (const fd of fds) {
    const f0 = was[fd]?.file;
    const f1 = now[fd]?.file;
    if (f0 === f1) continue;
    const closeFn =
      s.kind === 'kill' ? 'exit_files' : s.kind === 'call' && s.sc.call === 'execve' ? 'do_close_on_exec' : 'close_fd';
    const fn = f1 === undefined ? closeFn : f0 === undefined ? install(fd, f1) : 'do_dup2';
    out.push({
      kind: 'fd',
      pids,
      fd,
      from: f0 === undefined ? null : fileLabel(a, f0),
      to: f1 === undefined ? null : fileLabel(b, f1),
      fn,
    });
  }
  return out;
}

function sourceText(f: ImageFile): string {
  switch (f.source.kind) {
    case 'path':
      return `reopen ${f.source.path}`;
    case 'relinked':
      return `relinked as ${f.source.path}${f.source.unlinkAfter ? ', unlinked again at restart' : ''}`;
    case 'ghost':
      return `a ghost copy of ${f.source.size} bytes in the image, recreated as ${f.source.path}`;
    case 'handle':
      return `a file handle (dev ${f.source.dev}, ino ${f.source.ino})`;
  }
}

function imageChange(st: State): Change | null {
  const img = st.image;
  if (img === null) return null;
  const byKey = new Map(img.files.map((f) => [f.key, f]));
  return {
    kind: 'image',
    strategy: img.strategy,
    files: img.files.map((f) => ({ path: f.origPath, unlinked: f.unlinked, source: sourceText(f) })),
    fds: img.tasks.flatMap((t) =>
      t.fds.map((fd) => `fd ${fd.fd} of pid ${t.pid} → ${byKey.get(fd.file)?.origPath ?? '?'}`),
    ),
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
  const d = diffWorlds(a, b);
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
