/**
 * The model's side of a replay, the narrow interface through which the replay asks the model about
 * its world (with model-answers.ts for a call's answer; test/trace/replay-interface.test.ts holds
 * every other file of src/trace to them). An strace replay's world has one task standing for
 * everything outside the log (the harness or shell that starts the traced programs; pid 0, holding
 * the root directory and the mount namespace), and the programs it starts. A process that appears
 * in the log with no fork/clone before it is such a program: it starts in the root directory, in
 * the root's mount namespace, with the stated fds open from outside.
 */
import { produce } from 'immer';
import { FS_TYPES, type MountableFsType } from '../model/fstype.js';
import type { Path } from '../model/mount.js';
import type { SysctlName, Sysctls } from '../model/sysctl.js';
import type { World } from '../model/world.js';
import { AT_FDCWD } from '../model/flags.js';
import { S_IFMT } from '../model/modes.js';
import { bootWorld, installOutsideFile } from '../ops/vfs/boot.js';
import { doExit } from '../ops/calls/exit.js';
import { copyProcess } from '../ops/calls/fork.js';
import { fdFile } from '../ops/vfs/fdtable.js';
import { followMounts } from '../ops/vfs/follow-mounts.js';
import { filenameLookup, LOOKUP_EMPTY, LOOKUP_FOLLOW } from '../ops/vfs/namei.js';
import { ModelBug } from '../model/errors.js';
import { rDentry, rFile, rInode, rMount, rSb } from '../ops/vfs/world-draft.js';

/** The task that stands for the world outside the log (no traced process has pid 0). */
export const OUTSIDE_PID = 0;
/** SIGCHLD: a plain fork, with nothing shared. */
const FORK_FLAGS = 17;

export function bootReplayWorld(o: {
  kernel: string;
  fs: MountableFsType;
  rootMode: number | undefined;
  nofile: number | undefined;
  caps?: number | undefined;
  sysctl: Sysctls;
}): World {
  const booted = bootWorld({
    kernel: o.kernel,
    sysctl: o.sysctl,
    rootFs: o.fs,
    pid: OUTSIDE_PID,
    outsideFds: [],
    ...(o.nofile !== undefined ? { nofile: o.nofile } : {}),
  });
  const { rootMode, caps } = o;
  if (rootMode === undefined && caps === undefined) return booted;
  return produce(booted, (d) => {
    // The starting directory was made before the trace (a tmpfs root is 1777, say).
    const ino = rootInode(d, OUTSIDE_PID);
    const inode = ino === null ? undefined : d.inodes[ino];
    if (inode !== undefined && rootMode !== undefined) inode.i_mode = (inode.i_mode & S_IFMT) | (rootMode & 0o7777);
    // The shell that started the programs held these (root's are its bounding set's).
    const outside = d.tasks[OUTSIDE_PID];
    if (outside !== undefined && caps !== undefined)
      // The traced machine's root holds its bounding set: what it gets back at every execve.
      outside.cred = { ...outside.cred, cap_effective: caps, cap_permitted: caps, cap_bset: caps };
  });
}

/** A native trace's world: its first task, `pid`, with fds 0, 1 and 2 open on files from outside. */
export function bootNativeWorld(o: { kernel: string; fs: MountableFsType; pid: number; sysctl: Sysctls }): World {
  return bootWorld({ kernel: o.kernel, sysctl: o.sysctl, rootFs: o.fs, pid: o.pid, outsideFds: [0, 1, 2] });
}

/** A write to /proc/sys/fs/`name` that succeeded (proc_dointvec_minmax): the machine's value from now on. */
export function setSysctl(w: World, name: SysctlName, value: number): World {
  return produce(w, (d) => {
    d.sysctl[name] = value;
  });
}

/**
 * A program started from outside: forked by the outside task (so it shares its root, cwd and mount
 * namespace) with `fds` open on files the model does not look into. A zombie with the same pid
 * (an earlier process, reaped by its parent outside the model) is released first.
 */
export function startProgram(w: World, pid: number, fds: readonly number[]): World {
  return produce(releaseZombie(w, pid), (d) => {
    const r = copyProcess(d, OUTSIDE_PID, FORK_FLAGS, pid);
    if (r.ok !== true) throw new ModelBug(`starting program ${pid}: ${r.ok === false ? r.errno : 'blocked'}`);
    for (const fd of fds) installOutsideFile(d, pid, fd);
  });
}

/**
 * Fds a call the replay did not run returned (outside the root, or not modelled), held open on
 * files from outside, so the model numbers the task's next fds as the kernel did. An fd the model
 * already has open stays as it is.
 */
export function occupyFds(w: World, pid: number, fds: readonly number[], cloexec: boolean): World {
  return produce(w, (d) => {
    const t = d.tasks[pid];
    if (t === undefined) return;
    for (const fd of fds) if (d.fdtables[t.files]?.fds[fd] === undefined) installOutsideFile(d, pid, fd, cloexec);
  });
}

/** release_task of a zombie whose pid the log reuses (its parent reaped it; it holds nothing else). */
export function releaseZombie(w: World, pid: number): World {
  const t = w.tasks[pid];
  if (t === undefined) return w;
  if (t.state !== 'zombie') throw new ModelBug(`pid ${pid} reused while its task still runs`);
  return produce(w, (d) => {
    delete d.tasks[pid];
  });
}

/** do_exit of a task the log says exited (a zombie already is). */
export function exitTask(w: World, pid: number): World {
  const t = w.tasks[pid];
  if (t === undefined || t.state === 'zombie') return w;
  return produce(w, (d) => {
    doExit(d, pid, 0);
  });
}

/** The model inode of the directory the programs start in (the model's root). */
export function rootInode(w: World, pid: number): number | null {
  const t = w.tasks[pid];
  return t === undefined ? null : (w.dentries[t.root.dentry]?.d_inode ?? null);
}

/** The model inode a task's fd names, and whether that file is outside the model. */
export function fdInode(w: World, pid: number, fd: number): { ino: number; outside: boolean } | null {
  const t = w.tasks[pid];
  if (t === undefined) return null;
  const f = fdFile(w, t, fd);
  if (f === null) return null;
  const ino = rFile(w, f).f_inode;
  return { ino, outside: FS_TYPES[rSb(w, rInode(w, ino).i_sb).s_type].internal };
}

/**
 * The model inode `path` names for `pid` from `dirfd` (fs/namei.c: filename_lookup), following a
 * last symlink when `follow`, the dirfd itself for an empty path when `emptyPath`; null when the
 * walk fails or ends outside the modelled tree.
 */
export function inodeAt(
  w: World,
  pid: number,
  dirfd: number,
  path: string,
  o: { readonly follow: boolean; readonly emptyPath: boolean },
): number | null {
  const t = w.tasks[pid];
  if (t === undefined) return null;
  const r = filenameLookup(w, t, dirfd, path, (o.follow ? LOOKUP_FOLLOW : 0) | (o.emptyPath ? LOOKUP_EMPTY : 0));
  if (!r.ok || r.value.kind !== 'path') return null;
  return w.dentries[r.value.path.dentry]?.d_inode ?? null;
}

/** A task's root directory; null for no such task. */
export function taskRoot(w: World, pid: number): Path | null {
  return w.tasks[pid]?.root ?? null;
}

/** Where a relative walk by `pid` starts: its cwd for AT_FDCWD, else `dirfd`'s file; null for a bad dirfd. */
export function startDir(w: World, pid: number, dirfd: number): Path | null {
  const t = w.tasks[pid];
  if (t === undefined) return null;
  if (dirfd === AT_FDCWD) return t.pwd;
  const f = fdFile(w, t, dirfd);
  return f === null ? null : rFile(w, f).f_path;
}

/**
 * One step down a walk (fs/namei.c: walk_component): the name's place in `dir` with whatever is
 * mounted on it, and the target when it is a symlink (null otherwise); null when the model has
 * no such name (a negative or missing dentry).
 */
export function childOf(w: World, dir: Path, name: string): { path: Path; symlink: string | null } | null {
  const d = rDentry(w, dir.dentry);
  const child = Object.hasOwn(d.d_children, name) ? d.d_children[name] : undefined;
  if (child === undefined || (w.dentries[child]?.d_inode ?? null) === null) return null;
  const path = followMounts(w, { mnt: dir.mnt, dentry: child });
  const inode = w.inodes[rDentry(w, path.dentry).d_inode ?? -1];
  return { path, symlink: inode !== undefined && inode.type === 'symlink' ? (inode.i_link ?? '') : null };
}

/** fs/namei.c: follow_dotdot — up a name, or from a mount's root to where it is mounted. */
export function parentOf(w: World, p: Path): Path {
  let cur = p;
  for (;;) {
    const mnt = rMount(w, cur.mnt);
    if (cur.dentry !== mnt.mnt_root || mnt.mnt_parent === cur.mnt) break;
    cur = { mnt: mnt.mnt_parent, dentry: mnt.mnt_mountpoint };
  }
  return { mnt: cur.mnt, dentry: rDentry(w, cur.dentry).d_parent };
}
