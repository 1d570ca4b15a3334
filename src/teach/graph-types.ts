/** The neutral object graph's shapes, shared by the builder, the step comparison and the writers. */
import type { Table } from './diff.js';

export type NodeKind =
  'task' | 'fdtable' | 'file' | 'mount' | 'superblock' | 'dentry' | 'inode' | 'image' | 'image-file';

/**
 * orphan: on an orphan list; unlinked: an unhashed dentry, or an inode with no name and no orphan
 * list to be on (tmpfs); new/changed: touched by the step shown; ghost: freed by the step shown
 * (drawn once, where it was); context: a boot object or one outside the scenario's focus, which
 * the focused picture leaves out while the step shown does not touch it.
 */
export type Mark = 'orphan' | 'unlinked' | 'negative' | 'relink-dir' | 'new' | 'changed' | 'ghost' | 'context';

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

/** One key per edge, the same at every step it is drawn in. */
export const edgeKey = (e: GraphEdge): string => `${e.from}->${e.to}:${e.label}`;

export const highlighted = (n: GraphNode): boolean => n.marks.includes('new') || n.marks.includes('changed');
