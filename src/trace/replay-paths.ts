/**
 * Where a traced program's paths lead: into the modelled tree (the directory the program started
 * in, `--root`, is the model's "/"), or outside it. Everything outside is never compared: absolute
 * paths elsewhere, relative paths of a task whose cwd left the tree, and paths that climb above the
 * root with "..". /proc/PID/fd paths pass through (the model has them).
 */
import type { World } from '../model/world.js';
import type { Syscall } from '../model/syscall/syscall.js';
import { followsLast, leavesRoot } from './replay-walk.js';
import { AT_FDCWD, MS_BIND } from '../model/flags.js';
import { syscallOf } from '../model/syscall/fields.js';
import { pathArgs } from '../model/syscall/queries.js';

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
    const m = (p: string, dirfd: number, which: string): string | null => {
      const mapped = this.mapPath(p, pid);
      if (mapped === null) return null;
      return leavesRoot(w, pid, mapped, dirfd, followsLast(sc, which), inside) ? null : mapped;
    };
    const paths = pathArgs(sc);
    if (paths.length === 0) return sc; // execve's program image lies outside the model: not walked
    const fields: Record<string, string | number | undefined> = { ...sc };
    for (const p of paths) {
      if (p.path === '' && p.emptyAllowed) continue; // AT_EMPTY_PATH: the dirfd itself
      const mapped = m(p.path, p.dirfd, p.name);
      if (mapped === null) return null;
      fields[p.name] = mapped;
    }
    if (sc.call === 'mount' && (sc.flags & MS_BIND) !== 0) {
      const src = m(sc.source, AT_FDCWD, 'source'); // a bind mount's source is a path
      if (src === null) return null;
      fields['source'] = src;
    }
    if (sc.call === 'symlink' || sc.call === 'symlinkat') {
      // An absolute target under the root points into the model's tree too.
      const mapped = sc.target.startsWith('/') ? this.mapPath(sc.target, pid) : null;
      if (mapped !== null) this.mappedTargets.add(mapped);
      fields['target'] = mapped ?? sc.target;
    }
    return syscallOf(sc.call, fields);
  }
}

/** /proc/self/fd/N, /proc/thread-self/fd/N or /proc/PID/fd/N: whose fd it names, or null. */
export function procFdOf(path: string, pid: number): { pid: number; fd: number } | null {
  const m = /^\/proc\/(self|thread-self|\d+)\/fd\/(\d+)(\/|$)/.exec(path);
  if (m === null) return null;
  const who = m[1] === 'self' || m[1] === 'thread-self' ? pid : Number(m[1]);
  return { pid: who, fd: Number(m[2]) };
}
