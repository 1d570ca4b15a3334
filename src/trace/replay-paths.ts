/**
 * Where a traced program's paths lead: into the modelled tree (the directory the program started
 * in, `--root`, is the model's "/"), or outside it. Everything outside is never compared: absolute
 * paths elsewhere, relative paths of a task whose cwd left the tree, and paths that climb above the
 * root with "..". /proc/PID/fd paths pass through (the model has them).
 */
import type { World } from '../model/world.js';
import type { Syscall } from '../model/syscall/syscall.js';
import { followsLast, leavesRoot } from './replay-walk.js';
import { AT_FDCWD } from '../model/flags.js';

const PROC_FD = /^\/proc\/(self|thread-self|\d+)\/fd(\/|$)/;

export class PathMapper {
  /** Tasks whose cwd left the modelled tree: their relative paths are outside too. */
  readonly cwdOutside = new Set<number>();
  /** Symlink targets that were mapped into the model's tree (readlink maps them back). */
  readonly mappedTargets = new Set<string>();

  constructor(readonly root: string | undefined) {}

  /** Real path → model path, or null when it is outside the modelled tree. */
  mapPath(p: string, pid: number): string | null {
    if (p.startsWith('/')) {
      const root = this.root;
      if (root !== undefined && (p === root || p.startsWith(`${root}/`))) return p.slice(root.length) || '/';
      if (PROC_FD.test(p)) return p;
      return null;
    }
    return this.cwdOutside.has(pid) ? null : p;
  }

  /** Model path (d_path output) → the real one, for readlink comparisons. */
  unmapPath(p: string): string {
    const root = this.root;
    if (root === undefined || !p.startsWith('/')) return p;
    return p === '/' ? root : root + p;
  }

  /**
   * Map every path argument of a Syscall; null if one is outside the modelled tree, including a
   * walk that climbs above the root ("..": the model's root is its own parent, the real one is not).
   */
  mapSyscall(sc: Syscall, pid: number, w: World): Syscall | null {
    const inside = (target: string): boolean => this.mappedTargets.has(target);
    const m = (p: string, dirfd: number, which: 'path' | 'oldpath' | 'newpath' = 'path'): string | null => {
      const mapped = this.mapPath(p, pid);
      if (mapped === null) return null;
      return leavesRoot(w, pid, mapped, dirfd, followsLast(sc, which), inside) ? null : mapped;
    };
    switch (sc.call) {
      case 'open':
      case 'creat':
      case 'truncate':
      case 'stat':
      case 'lstat':
      case 'unlink':
      case 'mkdir':
      case 'rmdir':
      case 'readlink':
      case 'mknod':
      case 'chdir': {
        const p = m(sc.path, AT_FDCWD);
        return p === null ? null : { ...sc, path: p };
      }
      case 'openat':
      case 'newfstatat':
      case 'statx':
      case 'unlinkat':
      case 'mkdirat':
      case 'readlinkat':
      case 'mknodat': {
        if (sc.path === '') return sc;
        const p = m(sc.path, sc.dirfd);
        return p === null ? null : { ...sc, path: p };
      }
      case 'link':
      case 'rename': {
        const o = m(sc.oldpath, AT_FDCWD, 'oldpath');
        const n = m(sc.newpath, AT_FDCWD, 'newpath');
        return o === null || n === null ? null : { ...sc, oldpath: o, newpath: n };
      }
      case 'linkat':
      case 'renameat':
      case 'renameat2': {
        const o = sc.oldpath === '' ? '' : m(sc.oldpath, sc.olddirfd, 'oldpath');
        const n = m(sc.newpath, sc.newdirfd, 'newpath');
        return o === null || n === null ? null : { ...sc, oldpath: o, newpath: n };
      }
      case 'symlink':
      case 'symlinkat': {
        const l = m(sc.linkpath, sc.call === 'symlinkat' ? sc.newdirfd : AT_FDCWD);
        if (l === null) return null;
        // An absolute target under the root points into the model's tree too.
        const mapped = sc.target.startsWith('/') ? this.mapPath(sc.target, pid) : null;
        if (mapped !== null) this.mappedTargets.add(mapped);
        return { ...sc, linkpath: l, target: mapped ?? sc.target };
      }
      case 'mount': {
        const t = m(sc.target, AT_FDCWD);
        if (t === null) return null;
        const src = (sc.flags & 0x1000) !== 0 ? m(sc.source, AT_FDCWD) : sc.source; // MS_BIND: the source is a path
        return src === null ? null : { ...sc, target: t, source: src };
      }
      case 'umount2': {
        const t = m(sc.target, AT_FDCWD);
        return t === null ? null : { ...sc, target: t };
      }
      case 'execve': {
        // The program image lies outside the model; a successful execve's effect on fds is applied.
        return sc;
      }
      default:
        return sc;
    }
  }
}

/** The path arguments of a call (after mapping). */
export function pathsOf(sc: Syscall): string[] {
  const out: string[] = [];
  for (const key of ['path', 'oldpath', 'newpath'] as const) {
    const v = (sc as Partial<Record<typeof key, unknown>>)[key];
    if (typeof v === 'string') out.push(v);
  }
  return out;
}

/** /proc/self/fd/N, /proc/thread-self/fd/N or /proc/PID/fd/N: whose fd it names, or null. */
export function procFdOf(path: string, pid: number): { pid: number; fd: number } | null {
  const m = /^\/proc\/(self|thread-self|\d+)\/fd\/(\d+)(\/|$)/.exec(path);
  if (m === null) return null;
  const who = m[1] === 'self' || m[1] === 'thread-self' ? pid : Number(m[1]);
  return { pid: who, fd: Number(m[2]) };
}
