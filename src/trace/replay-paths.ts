/**
 * Where a traced program's paths lead: into the modelled tree (the directory the program started
 * in, `--root`, is the model's "/"), or outside it. Everything outside is never compared: absolute
 * paths elsewhere, relative paths of a task whose cwd left the tree, and paths that climb above the
 * root with "..". /proc/PID/fd paths pass through (the model has them).
 */
import type { Path } from '../model/mount.js';
import type { World } from '../model/world.js';
import { fdFile } from '../ops/namei.js';
import type { Syscall } from '../ops/syscalls.js';
import { rDentry, rFile, rMount } from '../ops/world-draft.js';
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
    const m = (p: string, dirfd: number): string | null => {
      const mapped = this.mapPath(p, pid);
      return mapped === null || climbsAboveRoot(w, pid, mapped, dirfd) ? null : mapped;
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
        const o = m(sc.oldpath, AT_FDCWD);
        const n = m(sc.newpath, AT_FDCWD);
        return o === null || n === null ? null : { ...sc, oldpath: o, newpath: n };
      }
      case 'linkat':
      case 'renameat':
      case 'renameat2': {
        const o = sc.oldpath === '' ? '' : m(sc.oldpath, sc.olddirfd);
        const n = m(sc.newpath, sc.newdirfd);
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

/**
 * Whether walking `path` (a model path) from `dirfd` or the cwd goes above the model's root. The
 * walk is lexical: "." stays, ".." climbs, a name descends. A symlink in the middle is taken as a
 * name (a link inside the root that points above it is not caught).
 */
export function climbsAboveRoot(w: World, pid: number, path: string, dirfd: number): boolean {
  if (PROC_FD.test(path)) return false;
  if (!path.split('/').includes('..')) return false;
  let depth: number;
  if (path.startsWith('/')) depth = 0;
  else {
    const start = startDir(w, pid, dirfd);
    if (start === null) return false; // a bad dirfd: the call fails before any walk
    depth = depthBelowRoot(w, pid, start);
  }
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    depth += part === '..' ? -1 : 1;
    if (depth < 0) return true;
  }
  return false;
}

function startDir(w: World, pid: number, dirfd: number): Path | null {
  const t = w.tasks[pid];
  if (t === undefined) return null;
  if (dirfd === AT_FDCWD) return t.pwd;
  const f = fdFile(w, t, dirfd);
  return f === null ? null : rFile(w, f).f_path;
}

/** How many names lie between the task's root and `p` (d_path's walk, counting instead of naming). */
function depthBelowRoot(w: World, pid: number, p: Path): number {
  const t = w.tasks[pid];
  if (t === undefined) return 0;
  let depth = 0;
  let cur = p;
  for (;;) {
    if (cur.mnt === t.root.mnt && cur.dentry === t.root.dentry) return depth;
    const mnt = rMount(w, cur.mnt);
    if (cur.dentry === mnt.mnt_root) {
      if (mnt.mnt_parent === cur.mnt) return depth;
      cur = { mnt: mnt.mnt_parent, dentry: mnt.mnt_mountpoint };
      continue;
    }
    const d = rDentry(w, cur.dentry);
    if (d.d_parent === cur.dentry) return depth;
    depth++;
    cur = { mnt: cur.mnt, dentry: d.d_parent };
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
