/**
 * The kernel object graph of one state as neutral nodes and edges: tasks, fd tables, open files,
 * mounts with their mount points, dentries, inodes, superblocks with their orphan list and
 * relink_dir, and the checkpoint image. The DOT, SVG and Mermaid writers only lay this out; what
 * is shown is decided here. Objects of the internal anon mount (the descriptors a task got from
 * outside the model) are left out: they never change in a scenario and would crowd every picture.
 */
import { FS_TYPES } from '../model/fstype.js';
import type { World } from '../model/world.js';
import { contextIds } from './focus.js';
import { imageNodes } from './graph-image.js';
import { nodeId, type Graph, type GraphEdge, type GraphGroup, type GraphNode, type Mark } from './graph-types.js';
import { dentryPath, inodeLabel, openFlagsText, pidsOfTable, TYPE_WORDS } from './labels.js';
import { fileShownPath, mountPlace } from './shown-paths.js';
import type { State } from './timeline.js';

export type { EdgeKind, Graph, GraphEdge, GraphGroup, GraphNode, Mark, NodeKind } from './graph-types.js';
export { nodeId } from './graph-types.js';

export interface GraphOptions {
  readonly title: string;
  /** Node ids the step shown created, and ids it changed, to highlight. */
  readonly added?: ReadonlySet<string>;
  readonly changed?: ReadonlySet<string>;
  /** The scenario's `focus:` paths: objects away from them are marked context (src/teach/focus.ts). */
  readonly focus?: readonly string[];
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
  const context = contextIds(w, opts.focus ?? []);
  const marksFor = (id: string, own: Mark[] = []): Mark[] => [
    ...own,
    ...(context.has(id) ? (['context'] as const) : []),
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
    const lines = [fileShownPath(w, f), openFlagsText(f.f_flags), `f_pos ${f.f_pos}`, `f_count ${f.f_count}`];
    add({ id, kind: 'file', title: `file ${f.id}`, lines, group: 'files' });
    edges.push({ from: id, to: nodeId('mounts', f.f_path.mnt), label: 'f_path.mnt', kind: 'ref' });
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
    const place = mountPlace(w, m);
    const lines = [m.mnt_devname, place === null ? 'detached' : `on ${place}`, `mnt_count ${m.mnt_count}`];
    add({ id, kind: 'mount', title: `mount ${m.mnt_id}`, lines, group });
    edges.push({ from: id, to: nodeId('dentries', m.mnt_root), label: 'mnt_root', kind: 'ref' });
    if (m.mnt_parent !== m.id)
      edges.push({ from: id, to: nodeId('dentries', m.mnt_mountpoint), label: 'mnt_mountpoint', kind: 'ref' });
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
