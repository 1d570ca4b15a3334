/**
 * What the checker needs to know about calls in flight (src/model/inflight.ts): the references
 * they hold (the ledger counts them), their canonical form (state keys), and that every id they
 * name is alive.
 */
import type { HeldLock, HeldRef } from '../model/inflight.js';
import type { World } from '../model/world.js';
import type { Violation } from './violation.js';

/** Every reference a call in flight holds, as the counts it contributes to. */
export interface InflightHolders {
  readonly d_count: readonly number[];
  readonly mnt_count: readonly number[];
  readonly i_count: readonly number[];
  readonly f_count: readonly number[];
}

export function inflightHolders(w: World): InflightHolders {
  const out = { d_count: [] as number[], mnt_count: [] as number[], i_count: [] as number[], f_count: [] as number[] };
  for (const inf of Object.values(w.inflight ?? {})) {
    for (const ref of Object.values(inf.refs)) {
      switch (ref.kind) {
        case 'path':
          out.d_count.push(ref.path.dentry);
          out.mnt_count.push(ref.path.mnt);
          break;
        case 'dentry':
          out.d_count.push(ref.dentry);
          break;
        case 'inode':
          out.i_count.push(ref.inode);
          break;
        case 'mount':
          out.mnt_count.push(ref.mnt);
          break;
        case 'file':
          out.f_count.push(ref.file);
          break;
      }
    }
  }
  return out;
}

type IdKind = 'inode' | 'dentry' | 'mount' | 'sb' | 'file';
/** The canonical renamer: an object's id in traversal order. */
export type RenameId = (kind: IdKind, id: number) => number | null;

function refForm(ref: HeldRef, id: RenameId): unknown[] {
  switch (ref.kind) {
    case 'path':
      return ['path', id('mount', ref.path.mnt), id('dentry', ref.path.dentry)];
    case 'dentry':
      return ['dentry', id('dentry', ref.dentry)];
    case 'inode':
      return ['inode', id('inode', ref.inode)];
    case 'mount':
      return ['mount', id('mount', ref.mnt)];
    case 'file':
      return ['file', id('file', ref.file)];
  }
}

const lockForm = (l: HeldLock, id: RenameId): unknown[] =>
  l.kind === 'i_rwsem' ? ['i_rwsem', id('inode', l.inode)] : ['s_umount', id('sb', l.sb)];

/** The in-flight call of `pid` in canonical form (ids renamed), or null. */
export function inflightForm(w: World, pid: number, id: RenameId): unknown[] | null {
  const inf = w.inflight?.[pid];
  if (inf === undefined) return null;
  const refs = Object.keys(inf.refs)
    .sort()
    .map((name) => {
      const ref = inf.refs[name];
      return ref === undefined ? [name] : [name, ...refForm(ref, id)];
    });
  const data = Object.keys(inf.data)
    .sort()
    .map((k) => [k, inf.data[k]]);
  return ['IF', JSON.stringify(inf.call), inf.next, refs, inf.locks.map((l) => lockForm(l, id)), data, inf.errno];
}

/** Every id a call in flight holds or locks names a live record. */
export function inflightIdsLive(w: World): Violation[] {
  const out: Violation[] = [];
  const bad = (pid: string, what: string): void => {
    out.push({ invariant: 'inflightIdsLive', message: `task ${pid}'s call in flight holds dead ${what}` });
  };
  for (const [pid, inf] of Object.entries(w.inflight ?? {})) {
    if (w.tasks[Number(pid)] === undefined) bad(pid, 'task');
    for (const [name, ref] of Object.entries(inf.refs)) {
      const dentry = ref.kind === 'path' ? ref.path.dentry : ref.kind === 'dentry' ? ref.dentry : null;
      const mnt = ref.kind === 'path' ? ref.path.mnt : ref.kind === 'mount' ? ref.mnt : null;
      if (dentry !== null && w.dentries[dentry] === undefined) bad(pid, `dentry ${dentry} (${name})`);
      if (mnt !== null && w.mounts[mnt] === undefined) bad(pid, `mount ${mnt} (${name})`);
      if (ref.kind === 'inode' && w.inodes[ref.inode] === undefined) bad(pid, `inode ${ref.inode} (${name})`);
      if (ref.kind === 'file' && w.files[ref.file] === undefined) bad(pid, `file ${ref.file} (${name})`);
    }
    for (const l of inf.locks) {
      if (l.kind === 'i_rwsem' && w.inodes[l.inode] === undefined) bad(pid, `inode ${l.inode} (locked)`);
      if (l.kind === 's_umount' && w.superblocks[l.sb] === undefined) bad(pid, `superblock ${l.sb} (locked)`);
    }
  }
  return out;
}
