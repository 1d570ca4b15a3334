/**
 * What the focused picture leaves out while a step does not touch it: the boot objects every
 * scenario has (the root mount of each namespace, its root dentry, inode 2), and, when the
 * scenario names `focus:` paths, the dentries, inodes and mounts away from them. Tasks, fd tables,
 * open files, superblocks and the image always stay: they are the cast of every lesson.
 */
import type { World } from '../model/world.js';
import { nodeId, type Graph } from './graph-types.js';
import { dentryPath } from './labels.js';
import { fileShownPath } from './shown-paths.js';

const undeleted = (p: string): string => p.replace(/ \(deleted\)$/, '');

/** The root mount of every namespace, its root dentry and that dentry's inode. */
function bootIds(w: World): string[] {
  const out: string[] = [];
  for (const ns of Object.values(w.mntns)) {
    const m = w.mounts[ns.root];
    if (m === undefined) continue;
    out.push(nodeId('mounts', m.id), nodeId('dentries', m.mnt_root));
    const ino = w.dentries[m.mnt_root]?.d_inode;
    if (ino !== undefined && ino !== null) out.push(nodeId('inodes', ino));
  }
  return out;
}

/**
 * Dentries, inodes and mounts away from the focus paths: a dentry is near when its path, or the
 * path an open file shows for it, is one of them, or its parent's is (a focused directory's
 * names); an inode when a near dentry or an open file names it; a mount when a file was opened
 * through it or it is mounted on a near dentry.
 */
function awayFromFocus(w: World, focus: ReadonlySet<string>): string[] {
  const near = new Set<number>();
  for (const d of Object.values(w.dentries)) if (focus.has(undeleted(dentryPath(w, d.id)))) near.add(d.id);
  for (const f of Object.values(w.files)) if (focus.has(undeleted(fileShownPath(w, f)))) near.add(f.f_path.dentry);
  for (const d of Object.values(w.dentries)) if (d.d_parent !== d.id && near.has(d.d_parent)) near.add(d.id);
  const inodes = new Set(Object.values(w.files).map((f) => f.f_inode));
  for (const d of near) {
    const ino = w.dentries[d]?.d_inode;
    if (ino !== undefined && ino !== null) inodes.add(ino);
  }
  const mounts = new Set(Object.values(w.files).map((f) => f.f_path.mnt));
  for (const m of Object.values(w.mounts)) if (m.mnt_parent !== m.id && near.has(m.mnt_mountpoint)) mounts.add(m.id);
  return [
    ...Object.values(w.dentries)
      .filter((d) => !near.has(d.id))
      .map((d) => nodeId('dentries', d.id)),
    ...Object.values(w.inodes)
      .filter((i) => !inodes.has(i.id))
      .map((i) => nodeId('inodes', i.id)),
    ...Object.values(w.mounts)
      .filter((m) => !mounts.has(m.id))
      .map((m) => nodeId('mounts', m.id)),
  ];
}

/** The node ids of the objects the focused picture may leave out. */
export function contextIds(w: World, focus: readonly string[]): ReadonlySet<string> {
  const away = focus.length === 0 ? [] : awayFromFocus(w, new Set(focus));
  return new Set([...bootIds(w), ...away]);
}

/** The descriptors a task got from outside (stdin, stdout, stderr): the same at every step. */
const STDIO_LINE = /^fd [\d,]+: from outside$/;

/**
 * The focused picture of a step: context objects and the unchanged stdio line left out. A context
 * object the step touched is not context (src/teach/step-compare.ts), so it stays.
 */
export function focusView(g: Graph): Graph {
  const nodes = g.nodes
    .filter((n) => !n.marks.includes('context'))
    .map((n) => (n.kind === 'fdtable' ? { ...n, lines: n.lines.filter((l) => !STDIO_LINE.test(l)) } : n));
  const ids = new Set(nodes.map((n) => n.id));
  return { ...g, nodes, edges: g.edges.filter((e) => ids.has(e.from) && ids.has(e.to)) };
}
