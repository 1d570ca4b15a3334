/**
 * Questions about a call that its descriptor answers: which descriptors it names, which paths it
 * walks and from where, whether it hands out a descriptor. The replay's fd and path bookkeeping
 * and the explorers ask these instead of keeping their own lists of calls.
 */
import { AT_FDCWD } from '../flags.js';
import type { ArgSpec } from './spec.js';
import type { Syscall } from './syscall.js';
import { SYSCALLS, isSyscallName } from './table.js';

const specs = (sc: Syscall): readonly ArgSpec[] => SYSCALLS[sc.call].args;
const valueOf = (sc: Syscall, a: ArgSpec): string | number | undefined =>
  (sc as Readonly<Record<string, string | number | undefined>>)[a.name];

/** The descriptors whose files the call uses: its fd arguments and its dirfds other than AT_FDCWD. */
export function fdsOf(sc: Syscall): number[] {
  const out: number[] = [];
  for (const a of specs(sc)) {
    const v = valueOf(sc, a);
    if (typeof v !== 'number') continue;
    if (a.kind === 'fd' || (a.kind === 'dirfd' && v !== AT_FDCWD)) out.push(v);
  }
  return out;
}

/**
 * The one descriptor a call's EBADF can only be about, or null: its first fd-table slot (close,
 * dup, dup2's oldfd, fcntl), else its only file descriptor or dirfd. A call naming two (linkat
 * from one directory fd to another, the copy calls) says nothing certain, so nothing is inferred.
 */
export function namedFd(sc: Syscall): number | null {
  const slot = specs(sc).find((a) => a.kind === 'fdslot');
  if (slot !== undefined) {
    const v = valueOf(sc, slot);
    return typeof v === 'number' ? v : null;
  }
  const fds = fdsOf(sc);
  return fds.length === 1 ? (fds[0] ?? null) : null;
}

export interface PathArg {
  /** The field that holds it (path, oldpath, newpath, linkpath, target). */
  readonly name: string;
  readonly path: string;
  /** The descriptor it is resolved from: the dirfd argument before it, or AT_FDCWD. */
  readonly dirfd: number;
  /** The first path of a call with a dirfd: the one AT_EMPTY_PATH may leave empty. */
  readonly emptyAllowed: boolean;
}

/** The paths the call walks, in argument order, each with the dirfd it starts from (a NULL path is none). */
export function pathArgs(sc: Syscall): PathArg[] {
  const out: PathArg[] = [];
  let dirfd: number | null = null;
  for (const a of specs(sc)) {
    const v = valueOf(sc, a);
    if (a.kind === 'dirfd' && typeof v === 'number') dirfd = v;
    if ((a.kind !== 'path' && a.kind !== 'optpath') || typeof v !== 'string') continue;
    out.push({ name: a.name, path: v, dirfd: dirfd ?? AT_FDCWD, emptyAllowed: dirfd !== null && out.length === 0 });
    dirfd = null;
  }
  return out;
}

/** Whether a modelled call named `name` returns a new descriptor (the lowest free, or the one named). */
export function returnsNewFd(name: string): boolean {
  if (!isSyscallName(name)) return false;
  const ret = SYSCALLS[name].ret;
  return ret === 'fd' || ret === 'named-fd';
}

/** Whether a modelled call named `name` changes the fd table. */
export function changesFdTable(name: string): boolean {
  return isSyscallName(name) && SYSCALLS[name].fdTable;
}
