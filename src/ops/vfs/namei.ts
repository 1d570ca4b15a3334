/**
 * Path walk as fs/namei.c does it: getname (ENAMETOOLONG at PATH_MAX), path_init (dirfd, EBADF,
 * ENOTDIR), link_path_walk (may_lookup EXEC checks, "." and "..", mount crossing, symlinks with
 * MAXSYMLINKS 40), and the last component by the caller's flags. Walking reads the world only:
 * the references a walk holds in the kernel are transient and never visible between syscalls.
 *
 * /proc is modelled only as far as traces use it: /proc/self and /proc/PID, each with an fd/
 * directory of magic links (fs/proc/fd.c) and the cwd, root and exe links (fs/proc/base.c), which
 * jump to the path they name (nd_jump_link).
 */
import { CAP_SYS_PTRACE } from '../../model/cred.js';
import { capable } from './cred.js';
import type { Errno } from '../../model/errno.js';
import type { DentryId, Pid } from '../../model/ids.js';
import type { Path } from '../../model/mount.js';
import type { Task } from '../../model/task.js';
import type { World } from '../../model/world.js';
import { AT_FDCWD } from '../../model/flags.js';
import { MAY_EXEC, inodePermission } from './permission.js';
import { rDentry, rFile, rInode, rMount } from './world-draft.js';
import { Unmodelled } from '../../model/errors.js';
import { err, val, type Res } from './result.js';
import { dChild } from './d-children.js';
import { fdFile } from './fdtable.js';
import { followMounts } from './follow-mounts.js';

export const LOOKUP_FOLLOW = 0x1;
export const LOOKUP_DIRECTORY = 0x2;
/** AT_EMPTY_PATH: an empty name means the dirfd itself. */
export const LOOKUP_EMPTY = 0x4;

/** include/uapi/linux/limits.h: PATH_MAX (with the NUL), NAME_MAX. */
export const PATH_MAX = 4096;
export const NAME_MAX = 255;
/** include/linux/namei.h: MAXSYMLINKS. */
export const MAXSYMLINKS = 40;

/** Where a walk ended: a real path, or an object of the modelled procfs. */
export type Walked =
  | { readonly kind: 'path'; readonly path: Path }
  | { readonly kind: 'proc-fd'; readonly pid: Pid; readonly fd: number }
  | { readonly kind: 'proc-link'; readonly pid: Pid; readonly link: ProcPidLink }
  | { readonly kind: 'proc-dir'; readonly pid: Pid | null; readonly level: 'proc' | 'pid' | 'fd' };

/** The magic links of fs/proc/base.c's tgid_base_stuff the model answers (besides fd/N). */
export type ProcPidLink = 'cwd' | 'root' | 'exe';
const PROC_PID_LINKS: readonly string[] = ['cwd', 'root', 'exe'] satisfies readonly ProcPidLink[];

/**
 * fs/proc/base.c: tgid_base_stuff in 6.1 (some entries depend on the configuration): names a
 * /proc/PID directory may have that the model does not, so it does not answer for them.
 */
const PROC_PID_UNMODELLED = new Set(
  (
    'task map_files fdinfo ns net environ auxv status personality limits sched autogroup timens_offsets ' +
    'comm syscall cmdline stat statm maps numa_maps mem mounts mountinfo mountstats clear_refs smaps ' +
    'smaps_rollup pagemap attr wchan stack schedstat latency cpuset cgroup cpu_resctrl_groups oom_score ' +
    'oom_adj oom_score_adj loginuid sessionid make-it-fail fail-nth coredump_filter io uid_map gid_map ' +
    'projid_map setgroups timers timerslack_ns patch_state stack_depth arch_status seccomp_cache'
  ).split(' '),
);

export type LastType = 'norm' | 'dot' | 'dotdot' | 'root';

/** What path_parentat / filename_parentat returns: the parent and the unresolved last name. */
export interface Parent {
  readonly dir: Walked;
  readonly last: string;
  readonly lastType: LastType;
  /** The name ended in one or more '/' (e.g. "dir/"). */
  readonly trailingSlash: boolean;
}

interface Nd {
  readonly w: World;
  readonly task: Task;
  /** nd->total_link_count */
  links: number;
}

const isDirDentry = (w: World, d: DentryId): boolean => {
  const ino = rDentry(w, d).d_inode;
  return ino !== null && rInode(w, ino).type === 'dir';
};

/** fs/namei.c: getname_flags — empty names and PATH_MAX. */
function getname(name: string, flags: number): Errno | null {
  if (name.length >= PATH_MAX) return 'ENAMETOOLONG';
  if (name.length === 0 && (flags & LOOKUP_EMPTY) === 0) return 'ENOENT';
  return null;
}

/** Where a relative walk starts: fs/namei.c path_init. */
function pathInit(nd: Nd, dfd: number, name: string): Res<Walked> {
  if (name.startsWith('/')) return val({ kind: 'path', path: nd.task.root });
  if (dfd === AT_FDCWD) return val({ kind: 'path', path: nd.task.pwd });
  const fileId = fdFile(nd.w, nd.task, dfd);
  if (fileId === null) return err('EBADF');
  const f = rFile(nd.w, fileId);
  // path_init: a non-empty relative name needs a directory to walk from.
  if (name.length > 0 && !isDirDentry(nd.w, f.f_path.dentry)) return err('ENOTDIR');
  return val({ kind: 'path', path: f.f_path });
}

/** fs/namei.c: follow_dotdot — ".." stops at the task's root and climbs out of mounts. */
function followDotdot(nd: Nd, p: Path): Path {
  let cur = p;
  for (;;) {
    if (cur.mnt === nd.task.root.mnt && cur.dentry === nd.task.root.dentry) return cur;
    const mnt = rMount(nd.w, cur.mnt);
    if (cur.dentry !== mnt.mnt_root) {
      return followMounts(nd.w, { mnt: cur.mnt, dentry: rDentry(nd.w, cur.dentry).d_parent });
    }
    if (mnt.mnt_parent === cur.mnt) return cur; // namespace root or detached mount
    cur = { mnt: mnt.mnt_parent, dentry: mnt.mnt_mountpoint };
  }
}

function splitComponents(name: string): { comps: string[]; trailingSlash: boolean } {
  const comps = name.split('/').filter((c) => c.length > 0);
  const trailingSlash = name.length > 0 && name.endsWith('/') && comps.length > 0;
  return { comps, trailingSlash };
}

/** A component looked up in a directory: fs/namei.c lookup_fast / __lookup_slow. */
export type Looked = { readonly kind: 'positive'; readonly path: Path } | { readonly kind: 'negative' };

/**
 * fs/namei.c: walk_component for a normal name in a real directory: EACCES without search
 * permission (may_lookup, checked by the caller), ENAMETOOLONG from the file system's ->lookup
 * (ext4_lookup, simple_lookup: len > NAME_MAX), ENOENT in a dead directory.
 */
function lookupChild(w: World, dir: Path, comp: string): Res<Looked> {
  if (comp.length > NAME_MAX) return err('ENAMETOOLONG');
  const d = rDentry(w, dir.dentry);
  const child = dChild(d, comp);
  if (child === undefined || rDentry(w, child).d_inode === null) return val({ kind: 'negative' });
  return val({ kind: 'positive', path: followMounts(w, { mnt: dir.mnt, dentry: child }) });
}

/** fs/namei.c: may_lookup — search permission on a directory being walked through. */
function mayLookup(nd: Nd, dir: Path): Errno | null {
  const ino = rDentry(nd.w, dir.dentry).d_inode;
  if (ino === null) return 'ENOENT';
  const r = inodePermission(nd.task, rInode(nd.w, ino), MAY_EXEC);
  return r === 'ok' ? null : r;
}

/**
 * A /proc entry naming a task: self, thread-self or a pid. A zombie's directory stays until it is
 * reaped (fs/proc/base.c: proc_pid_lookup finds it; only its links come to nothing). Other names
 * of /proc itself (mounts, meminfo, sys...) are not modelled.
 */
function resolveProcPid(nd: Nd, comp: string): Pid | null {
  if (comp === 'self' || comp === 'thread-self') return nd.task.pid;
  // name_to_int: a leading zero is no pid, and /proc has no such name either.
  if (/^0[0-9]*$/.test(comp)) return null;
  if (!/^[0-9]+$/.test(comp)) throw new Unmodelled(`/proc/${comp} is not modelled`);
  const pid = Number(comp);
  return nd.w.tasks[pid] === undefined ? null : pid;
}

/** Is `name` at the walk's start an absolute /proc path the model treats as procfs? */
function entersProc(nd: Nd, at: Walked, comp: string): boolean {
  if (at.kind !== 'path' || comp !== 'proc') return false;
  if (at.path.mnt !== nd.task.root.mnt || at.path.dentry !== nd.task.root.dentry) return false;
  return dChild(rDentry(nd.w, nd.task.root.dentry), 'proc') === undefined;
}

/** One step inside the modelled procfs. */
function procStep(nd: Nd, at: Walked & { kind: 'proc-dir' }, comp: string): Res<Walked> {
  if (comp === '.') return val(at);
  if (at.level === 'proc') {
    const pid = resolveProcPid(nd, comp);
    return pid === null ? err('ENOENT') : val({ kind: 'proc-dir', pid, level: 'pid' });
  }
  const pid = at.pid ?? nd.task.pid;
  if (at.level === 'pid') {
    if (comp === 'fd') return val({ kind: 'proc-dir', pid, level: 'fd' });
    if (PROC_PID_LINKS.includes(comp)) return val({ kind: 'proc-link', pid, link: comp as ProcPidLink });
    if (PROC_PID_UNMODELLED.has(comp)) throw new Unmodelled(`/proc/PID/${comp} is not modelled`);
    return err('ENOENT');
  }
  // fs/proc/fd.c: proc_lookupfd — a missing fd is ENOENT from ->lookup itself, even for creates;
  // a zombie has no files_struct any more (exit_files).
  if (!/^[0-9]+$/.test(comp)) return err('ENOENT');
  const t = nd.w.tasks[pid];
  if (t === undefined || t.state === 'zombie' || fdFile(nd.w, t, Number(comp)) === null) return err('ENOENT');
  return val({ kind: 'proc-fd', pid, fd: Number(comp) });
}

/** The magic link's target: fs/proc/base.c proc_pid_get_link → nd_jump_link(&file->f_path). */
function procFdTarget(w: World, pid: Pid, fd: number): Path | null {
  const t = w.tasks[pid];
  if (t === undefined) return null;
  const fileId = fdFile(w, t, fd);
  return fileId === null ? null : rFile(w, fileId).f_path;
}

/** A magic link of the modelled procfs. */
export type ProcMagic = Walked & { readonly kind: 'proc-fd' | 'proc-link' };

/**
 * fs/proc/base.c: call_proc_get_link — where a magic link leads, for following (nd_jump_link) and
 * for readlink (d_path of it). The task must still exist (get_proc_task), the reader may look
 * (ptrace_may_access, PTRACE_MODE_READ_FSCREDS: the task itself or CAP_SYS_PTRACE; other cases
 * depend on dumpability, which the model does not keep), then the link's proc_get_link: a zombie
 * has dropped its fs_struct, mm and files (ENOENT). The model keeps no executable: exe of a live
 * task is not answered.
 */
export function procLinkTarget(w: World, reader: Task, at: ProcMagic): Res<Path> {
  const t = w.tasks[at.pid];
  if (t === undefined) return err('ENOENT');
  if (reader.pid !== t.pid && !capable(reader, CAP_SYS_PTRACE)) {
    throw new Unmodelled(`ptrace_may_access of pid ${t.pid} by uid ${reader.cred.uid} (dumpability is not modelled)`);
  }
  if (t.state === 'zombie') return err('ENOENT');
  if (at.kind === 'proc-fd') {
    const target = procFdTarget(w, at.pid, at.fd);
    return target === null ? err('ENOENT') : val(target);
  }
  switch (at.link) {
    case 'cwd':
      return val(t.pwd); // proc_cwd_link: get_fs_pwd
    case 'root':
      return val(t.root); // proc_root_link: get_task_root
    case 'exe':
      throw new Unmodelled('/proc/PID/exe: the model keeps no executable (get_task_exe_file)');
  }
}

/**
 * Step through one component, following a symlink if `follow` (always for intermediate
 * components). Returns where the walk stands afterwards; a negative last name is ENOENT.
 */
function step(nd: Nd, at: Walked, comp: string, follow: boolean): Res<Walked> {
  if (at.kind === 'proc-fd' || at.kind === 'proc-link') return err('ENOTDIR');
  if (at.kind === 'proc-dir') return procStep(nd, at, comp);
  if (entersProc(nd, at, comp)) return val({ kind: 'proc-dir', pid: null, level: 'proc' });
  const denied = mayLookup(nd, at.path);
  if (denied !== null) return err(denied);
  if (comp === '.') return val(at);
  if (comp === '..') return val({ kind: 'path', path: followDotdot(nd, at.path) });
  const looked = lookupChild(nd.w, at.path, comp);
  if (!looked.ok) return looked;
  if (looked.value.kind === 'negative') {
    // __lookup_slow: a dead directory has no children at all.
    return err('ENOENT');
  }
  const p = looked.value.path;
  const ino = rDentry(nd.w, p.dentry).d_inode;
  if (ino !== null && follow) {
    const inode = rInode(nd.w, ino);
    if (inode.type === 'symlink' && inode.i_link !== null) return followLink(nd, at.path, inode.i_link);
  }
  return val({ kind: 'path', path: p });
}

/** fs/namei.c: pick_link — a symlink's body is walked from its directory (or the root). */
function followLink(nd: Nd, linkDir: Path, target: string): Res<Walked> {
  nd.links++;
  if (nd.links > MAXSYMLINKS) return err('ELOOP');
  // fs/namei.c: pick_link — an empty body is ENOENT.
  if (target.length === 0) return err('ENOENT');
  const start: Walked = { kind: 'path', path: target.startsWith('/') ? nd.task.root : linkDir };
  const { comps, trailingSlash } = splitComponents(target);
  const r = walkAll(nd, start, comps, true);
  if (!r.ok) return r;
  if (trailingSlash) return requireDir(nd, r.value);
  return r;
}

function requireDir(nd: Nd, at: Walked): Res<Walked> {
  if (at.kind === 'path' && !isDirDentry(nd.w, at.path.dentry)) return err('ENOTDIR');
  if (at.kind === 'proc-fd' || at.kind === 'proc-link') return err('ENOTDIR');
  return val(at);
}

/** Walk every component, following symlinks everywhere (the body of a followed link). */
function walkAll(nd: Nd, start: Walked, comps: readonly string[], followLast: boolean): Res<Walked> {
  let at = start;
  for (let i = 0; i < comps.length; i++) {
    const comp = comps[i] ?? '';
    const isLast = i === comps.length - 1;
    if (!isLast || followLast) {
      const r = stepFollowMagic(nd, at, comp, true);
      if (!r.ok) return r;
      at = r.value;
      if (!isLast) {
        const d = requireDir(nd, at);
        if (!d.ok) return d;
      }
    } else {
      const r = step(nd, at, comp, false);
      if (!r.ok) return r;
      at = r.value;
    }
  }
  return val(at);
}

/** A step that also follows a /proc magic link when following. */
function stepFollowMagic(nd: Nd, at: Walked, comp: string, follow: boolean): Res<Walked> {
  const r = step(nd, at, comp, follow);
  if (!r.ok || !follow || (r.value.kind !== 'proc-fd' && r.value.kind !== 'proc-link')) return r;
  nd.links++;
  if (nd.links > MAXSYMLINKS) return err('ELOOP');
  const target = procLinkTarget(nd.w, nd.task, r.value);
  return target.ok ? val({ kind: 'path', path: target.value }) : target;
}

/**
 * fs/namei.c: filename_lookup → path_lookupat. LOOKUP_FOLLOW follows a trailing symlink; a
 * trailing slash forces LOOKUP_FOLLOW | LOOKUP_DIRECTORY; LOOKUP_DIRECTORY wants a directory.
 */
export function filenameLookup(w: World, task: Task, dfd: number, name: string, flags: number): Res<Walked> {
  const bad = getname(name, flags);
  if (bad !== null) return err(bad);
  const nd: Nd = { w, task, links: 0 };
  const start = pathInit(nd, dfd, name);
  if (!start.ok) return start;
  const { comps, trailingSlash } = splitComponents(name);
  let f = flags;
  if (trailingSlash) f |= LOOKUP_FOLLOW | LOOKUP_DIRECTORY;
  const r = walkAll(nd, start.value, comps, (f & LOOKUP_FOLLOW) !== 0);
  if (!r.ok) return r;
  if ((f & LOOKUP_DIRECTORY) !== 0) return requireDir(nd, r.value);
  return r;
}

/** fs/namei.c: filename_parentat → path_parentat — walk all but the last component. */
export function filenameParentat(w: World, task: Task, dfd: number, name: string, flags = 0): Res<Parent> {
  const bad = getname(name, flags);
  if (bad !== null) return err(bad);
  const nd: Nd = { w, task, links: 0 };
  const start = pathInit(nd, dfd, name);
  if (!start.ok) return start;
  const { comps, trailingSlash } = splitComponents(name);
  if (comps.length === 0) {
    return val({ dir: start.value, last: '/', lastType: 'root', trailingSlash: false });
  }
  const dirComps = comps.slice(0, -1);
  const last = comps[comps.length - 1] ?? '';
  const r = walkAll(nd, start.value, dirComps, true);
  if (!r.ok) return r;
  const dir = requireDir(nd, r.value);
  if (!dir.ok) return dir;
  // link_path_walk checks may_lookup on the directory before it stops at the last component.
  if (dir.value.kind === 'path') {
    const denied = mayLookup(nd, dir.value.path);
    if (denied !== null) return err(denied);
  }
  const lastType: LastType = last === '.' ? 'dot' : last === '..' ? 'dotdot' : 'norm';
  return val({ dir: dir.value, last, lastType, trailingSlash });
}

/** Search permission on the parent before looking up the last name (lookup_one_qstr_excl callers). */
export function mayLookupParent(w: World, task: Task, dir: Path): Errno | null {
  return mayLookup({ w, task, links: 0 }, dir);
}

/** Resolve the last component of a Parent without following it (for create/delete paths). */
export function lookupLast(w: World, task: Task, parent: Parent): Res<Walked | null> {
  const nd: Nd = { w, task, links: 0 };
  if (parent.dir.kind !== 'path') {
    const r = parent.dir.kind === 'proc-dir' ? procStep(nd, parent.dir, parent.last) : err<Walked>('ENOTDIR');
    return r.ok ? val(r.value) : r;
  }
  const denied = mayLookup(nd, parent.dir.path);
  if (denied !== null) return err(denied);
  const looked = lookupChild(w, parent.dir.path, parent.last);
  if (!looked.ok) return looked;
  return val(looked.value.kind === 'negative' ? null : { kind: 'path', path: looked.value.path });
}

/**
 * fs/namei.c: open_last_lookups following a trailing symlink under O_CREAT — the link's body is
 * walked like a new name from the link's directory (or the root), all but its last component, with
 * the symlink count so far (ELOOP past MAXSYMLINKS).
 */
export function parentatFromLink(
  w: World,
  task: Task,
  linkDir: Path,
  body: string,
  links: number,
): Res<Parent & { readonly links: number }> {
  const nd: Nd = { w, task, links: links + 1 };
  if (nd.links > MAXSYMLINKS) return err('ELOOP');
  if (body.length === 0) return err('ENOENT');
  const start: Walked = { kind: 'path', path: body.startsWith('/') ? task.root : linkDir };
  const { comps, trailingSlash } = splitComponents(body);
  if (comps.length === 0)
    return val({ dir: start, last: '/', lastType: 'root', trailingSlash: false, links: nd.links });
  const r = walkAll(nd, start, comps.slice(0, -1), true);
  if (!r.ok) return r;
  const dir = requireDir(nd, r.value);
  if (!dir.ok) return dir;
  const last = comps[comps.length - 1] ?? '';
  const lastType: LastType = last === '.' ? 'dot' : last === '..' ? 'dotdot' : 'norm';
  return val({ dir: dir.value, last, lastType, trailingSlash, links: nd.links });
}
