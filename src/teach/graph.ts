/**
 * The kernel object graph of one state as neutral nodes and edges: tasks, fd tables, open files,
 * mounts, dentries, inodes, superblocks with their orphan list and relink_dir, and the checkpoint
 * image. The DOT, SVG and Mermaid writers only lay this out; what is shown is decided here.
 * Objects of the internal anon mount (the descriptors a task got from outside the model) are left
 * out: they never change in a scenario and would crowd every picture.
 */
import { FS_TYPES } from '../model/fstype.js';
import type { DentryId } from '../model/ids.js';
import { sourceName } from '../model/image.js';
import type { World } from '../model/world.js';
import { filenameLookup } from '../ops/vfs/namei.js';
import type { Table } from './diff.js';
import { dentryPath, inodeLabel, openFlagsText, pidsOfTable, TYPE_WORDS } from './labels.js';
import type { State } from './timeline.js';

export type NodeKind =
  'task' | 'fdtable' | 'file' | 'mount' | 'superblock' | 'dentry' | 'inode' | 'image' | 'image-file';

/**
 * orphan: on an orphan list; unlinked: an unhashed dentry, or an inode with no name and no orphan
 * list to be on (tmpfs); new/changed: touched by the step shown.
 */
export type Mark = 'orphan' | 'unlinked' | 'negative' | 'relink-dir' | 'new' | 'changed';

export interface GraphNode {
  readonly id: string;
  readonly kind: NodeKind;
  readonly title: string;
  readonly lines: readonly string[];
  readonly marks: readonly Mark[];
  readonly group: string;
}

export type EdgeKind = 'ref' | 'parent' | 'orphan' | 'relink-dir' | 'image';

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
  readonly kind: EdgeKind;
}

export interface GraphGroup {
  readonly id: string;
  readonly label: string;
}

export interface Graph {
  readonly title: string;
  readonly groups: readonly GraphGroup[];
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

const PREFIX: Readonly<Record<Table, string>> = {
  inodes: 'inode',
  dentries: 'dentry',
  files: 'file',
  fdtables: 'fdt',
  tasks: 'task',
  mounts: 'mnt',
  superblocks: 'sb',
  mntns: 'ns',
};

/** The graph node id of a model object (stable across the steps of one machine). */
export const nodeId = (table: Table, id: number): string => `${PREFIX[table]}_${id}`;

export interface GraphOptions {
  readonly title: string;
  /** Node ids the step shown created, and ids it changed, to highlight. */
  readonly added?: ReadonlySet<string>;
  readonly changed?: ReadonlySet<string>;
}

function anonSbs(w: World): Set<number> {
  return new Set(
    Object.values(w.superblocks)
      .filter((s) => FS_TYPES[s.s_type].internal)
      .map((s) => s.id),
  );
}

export function buildGraph(st: State, opts: GraphOptions): Graph {
  const w = st.world;
  const anon = anonSbs(w);
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const groups: GraphGroup[] = [
    { id: 'tasks', label: 'tasks and fd tables' },
    { id: 'files', label: 'open files' },
  ];
  const marksFor = (id: string, own: Mark[] = []): Mark[] => [
    ...own,
    ...(opts.added?.has(id) === true ? (['new'] as const) : []),
    ...(opts.changed?.has(id) === true ? (['changed'] as const) : []),
  ];
  const add = (n: Omit<GraphNode, 'marks'> & { marks?: Mark[] }): void => {
    nodes.push({ ...n, marks: marksFor(n.id, n.marks) });
  };
  const outsideFile = (f: number): boolean => {
    const file = w.files[f];
    return file === undefined || anon.has(w.mounts[file.f_path.mnt]?.mnt_sb ?? -1);
  };

  for (const t of Object.values(w.tasks)) {
    const id = nodeId('tasks', t.pid);
    const lines = [t.state === 'running' ? 'running' : `${t.state}${t.blocked ? `: ${t.blocked.reason}` : ''}`];
    lines.push(`cwd ${dentryPath(w, t.pwd.dentry)}`);
    add({ id, kind: 'task', title: `pid ${t.pid}`, lines, group: 'tasks' });
    edges.push({ from: id, to: nodeId('fdtables', t.files), label: 'files', kind: 'ref' });
  }
  for (const t of Object.values(w.fdtables)) {
    const id = nodeId('fdtables', t.id);
    const outside: string[] = [];
    const lines: string[] = [];
    for (const [fd, e] of Object.entries(t.fds)) {
      if (outsideFile(e.file)) {
        outside.push(fd);
        continue;
      }
      lines.push(`fd ${fd} → file ${e.file}${e.cloexec ? ' (cloexec)' : ''}`);
      edges.push({ from: id, to: nodeId('files', e.file), label: `fd ${fd}`, kind: 'ref' });
    }
    if (outside.length > 0) lines.unshift(`fd ${outside.join(',')}: from outside`);
    const pids = pidsOfTable(w, t.id);
    add({ id, kind: 'fdtable', title: `fd table (pid ${pids.join(', ')})`, lines, group: 'tasks' });
  }
  for (const f of Object.values(w.files)) {
    if (outsideFile(f.id)) continue;
    const id = nodeId('files', f.id);
    const lines = [
      dentryPath(w, f.f_path.dentry),
      openFlagsText(f.f_flags),
      `f_pos ${f.f_pos}`,
      `f_count ${f.f_count}`,
    ];
    add({ id, kind: 'file', title: `file ${f.id}`, lines, group: 'files' });
    edges.push({ from: id, to: nodeId('dentries', f.f_path.dentry), label: 'f_path', kind: 'ref' });
    edges.push({ from: id, to: nodeId('inodes', f.f_inode), label: 'f_inode', kind: 'ref' });
  }
  for (const sb of Object.values(w.superblocks)) {
    if (anon.has(sb.id)) continue;
    const group = nodeId('superblocks', sb.id);
    groups.push({ id: group, label: `${sb.s_type} file system (dev ${sb.s_dev})` });
    const orphans = sb.s_orphans.map((i) => inodeLabel(w, i));
    const lines = [`s_active ${sb.s_active}`, `orphans: ${orphans.length === 0 ? 'none' : orphans.join(', ')}`];
    lines.push(`relink_dir: ${sb.s_relink_dir === null ? 'none' : dentryPath(w, sb.s_relink_dir)}`);
    add({ id: group, kind: 'superblock', title: `${sb.s_type} superblock`, lines, group });
    for (const i of sb.s_orphans)
      edges.push({ from: group, to: nodeId('inodes', i), label: 's_orphans', kind: 'orphan' });
    if (sb.s_relink_dir !== null) {
      edges.push({ from: group, to: nodeId('dentries', sb.s_relink_dir), label: 's_relink_dir', kind: 'relink-dir' });
    }
  }
  for (const m of Object.values(w.mounts)) {
    if (anon.has(m.mnt_sb)) continue;
    const id = nodeId('mounts', m.id);
    const group = nodeId('superblocks', m.mnt_sb);
    add({ id, kind: 'mount', title: `mount ${m.mnt_id}`, lines: [m.mnt_devname, `mnt_count ${m.mnt_count}`], group });
    edges.push({ from: id, to: nodeId('dentries', m.mnt_root), label: 'mnt_root', kind: 'ref' });
  }
  const relinkDirs = new Set(Object.values(w.superblocks).map((s) => s.s_relink_dir));
  const orphanSet = new Set(Object.values(w.superblocks).flatMap((s) => s.s_orphans));
  for (const d of Object.values(w.dentries)) {
    if (anon.has(d.d_sb)) continue;
    const id = nodeId('dentries', d.id);
    const marks: Mark[] = [];
    if (d.d_unhashed) marks.push('unlinked');
    if (d.d_inode === null) marks.push('negative');
    if (relinkDirs.has(d.id)) marks.push('relink-dir');
    const root = d.d_parent === d.id;
    const lines = [...(root ? [] : [dentryPath(w, d.id)]), `d_count ${d.d_count}`];
    if (d.d_unhashed) lines.push('unhashed');
    const title = root ? 'dentry /' : `dentry "${d.d_name}"`;
    add({ id, kind: 'dentry', title, lines, marks, group: nodeId('superblocks', d.d_sb) });
    if (d.d_parent !== d.id)
      edges.push({ from: id, to: nodeId('dentries', d.d_parent), label: 'd_parent', kind: 'parent' });
    if (d.d_inode !== null) edges.push({ from: id, to: nodeId('inodes', d.d_inode), label: 'd_inode', kind: 'ref' });
  }
  for (const i of Object.values(w.inodes)) {
    if (anon.has(i.i_sb)) continue;
    const id = nodeId('inodes', i.id);
    const orphan = orphanSet.has(i.id);
    const lines = [TYPE_WORDS[i.type], `i_nlink ${i.i_nlink}`, `i_count ${i.i_count}`, `i_size ${i.i_size}`];
    if (i.i_pipe !== null) lines.push(`pipe: ${i.i_pipe.buf.length} bytes buffered`);
    // A file system without an orphan list (tmpfs) still has nameless inodes in use: say so.
    const nameless = !orphan && i.i_nlink === 0;
    if (orphan) lines.push('ORPHAN');
    if (nameless) lines.push('no name left');
    add({
      id,
      kind: 'inode',
      title: inodeLabel(w, i.id),
      lines,
      marks: orphan ? ['orphan'] : nameless ? ['unlinked'] : [],
      group: nodeId('superblocks', i.i_sb),
    });
  }
  imageNodes(st, add, edges, groups);
  return { title: opts.title, groups, nodes, edges };
}

/** The image's files, each tied to the name restart will open, when that name is in this world. */
function imageNodes(
  st: State,
  add: (n: Omit<GraphNode, 'marks'>) => void,
  edges: GraphEdge[],
  groups: GraphGroup[],
): void {
  const img = st.image;
  if (img === null) return;
  groups.push({ id: 'image', label: 'checkpoint image' });
  const lines = img.tasks.flatMap((t) => t.fds.map((fd) => `pid ${t.pid} fd ${fd.fd} → image file ${fd.file}`));
  add({ id: 'image', kind: 'image', title: `image (${img.strategy})`, lines, group: 'image' });
  for (const f of img.files) {
    const id = `imgfile_${f.key}`;
    const src = f.source;
    const name = sourceName(src);
    const how =
      src.kind === 'handle'
        ? `handle ino ${src.ino}`
        : src.kind === 'ghost'
          ? `ghost ${src.remapId}`
          : `${src.kind} ${name}`;
    add({
      id,
      kind: 'image-file',
      title: `image file ${f.key}`,
      lines: [`was ${f.origPath}${f.unlinked ? ' (unlinked)' : ''}`, how, `f_pos ${f.f_pos}`],
      group: 'image',
    });
    edges.push({ from: 'image', to: id, label: 'files', kind: 'image' });
    const d = name === null ? null : dentryAt(st.world, name);
    if (d !== null) edges.push({ from: id, to: nodeId('dentries', d), label: 'restart opens', kind: 'image' });
  }
}

/** The dentry a path names in pid 1's view, or null (the name is gone, or pid 1 is not there). */
function dentryAt(w: World, path: string): DentryId | null {
  const t = w.tasks[1];
  if (t === undefined) return null;
  const r = filenameLookup(w, t, -100, path, 0);
  return r.ok && r.value.kind === 'path' && w.dentries[r.value.path.dentry]?.d_inode != null
    ? r.value.path.dentry
    : null;
}
