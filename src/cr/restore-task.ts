/**
 * The task-level parts of a restart (checkpoint-task.ts records them): descriptors handed over
 * from the restarter, removed directories recreated dead, and the tasks forked with their cwd and
 * fds in place. Everything is done with syscalls by
 * the restarter, so the restart can be replayed on a kernel.
 *
 * A removed directory comes back the way linux-cr is thought to have restored one: mkdir a
 * placeholder under its old name in its old parent, hold it with an fd, rmdir it; the tasks then
 * open "." of it and fchdir to it. The task then holds an empty, nameless directory with
 * i_nlink 0 and S_DEAD, as before: creating in it is ENOENT
 * (fs/namei.c: lookup_open and may_create check IS_DEADDIR), getcwd is ENOENT (fs/d_path.c:
 * getcwd checks d_unlinked), /proc/PID/cwd reads "<old path> (deleted)", and ".." is the old
 * parent. Its inode number and times are new. If the old name is taken when restart runs, mkdir
 * fails with EEXIST and the restart with it: restart never enters a directory that merely has
 * the old name.
 */
import { commitCreds } from '../ops/vfs/cred.js';
import type { Errno } from '../model/errno.js';
import type { MountId, Pid } from '../model/ids.js';
import type { CheckpointImage, ImageDeadDir, ImageDir, ImageMount } from '../model/image.js';
import { AT_FDCWD, CLONE_FILES, F_DUPFD, F_SETFD, O_DIRECTORY, O_RDONLY } from '../model/flags.js';
import { isOutsideFile } from '../ops/vfs/boot.js';
import { ModelBug } from '../model/errors.js';
import type { SysResult } from '../ops/vfs/result.js';
import type { Syscall } from '../model/syscall/syscall.js';
import { joinPath, type PlacedMount } from './restore-mounts.js';
import { rFile, rMount, taskOf, type MWorld } from '../ops/vfs/world-draft.js';

type Answer = Extract<SysResult, { ok: true }>;

/** The restarter as restart.ts drives it. */
export interface Restarter {
  readonly w: MWorld;
  readonly pid: Pid;
  /** One syscall by the restarter; a failure aborts the restart (restart.ts: sys). */
  run(sc: Syscall): Answer;
  /** The same, by a task the restarter forked. */
  runAs(pid: Pid, sc: Syscall): Answer;
  /** Abort the restart at `call`, which answered what restart cannot accept. */
  refuse(errno: Errno, call: string, reason?: string | null): never;
  /** Count one metadata operation (IoCount.metadataOps: a mkdir, an rmdir). */
  meta(): void;
  /** Where each mount of the image is now, by its mnt_id (restore-mounts.ts: restoreMounts). */
  readonly places: ReadonlyMap<number, PlacedMount>;
}

type LiveDir = Extract<ImageDir, { kind: 'path' }>;

/** The mounts the tasks' live directories were reached through, for restoreMounts. */
export function dirMounts(image: CheckpointImage): { readonly mount: ImageMount }[] {
  const dirs = [...image.tasks.map((t) => t.cwd), ...image.deadDirs.map((d) => d.parent)];
  return dirs.flatMap((d) => (d.kind === 'path' ? [{ mount: d.mount }] : []));
}

/** A live directory's name now: its path inside its mount, under where that mount was put back. */
function placeOf(r: Restarter, dir: LiveDir): { path: string; mount: PlacedMount } {
  const mount = r.places.get(dir.mount.id);
  if (mount === undefined) throw new ModelBug(`mount ${dir.mount.id} of ${dir.path} was not restored`);
  return { path: joinPath(mount.place, dir.mntPath), mount };
}

/** What a restorer checks with statx's mnt_id: `got` is the restored mount, else EXDEV naming it. */
function onMount(r: Restarter, got: MountId, want: PlacedMount, call: string, path: string): void {
  if (got === want.live) return;
  const m = (id: MountId): number => rMount(r.w, id).mnt_id;
  r.refuse('EXDEV', call, `${path} is on mount ${m(got)}, not the restored mount ${m(want.live)} at ${want.place}`);
}

/**
 * Each outside file a task had, taken from the restarter's fd of the same number and moved above
 * `maxFd` like the image's own files. It must be an outside file there too (the same kind of
 * object the task had), else EBADF: restart hands over nothing else in its place.
 */
export function inheritFds(r: Restarter, image: CheckpointImage, maxFd: number, temps: Map<number, number>): void {
  for (const inh of image.inherited) {
    const high = r.run({ call: 'fcntl', fd: inh.restarterFd, cmd: F_DUPFD, arg: maxFd + 1 }).ret;
    const held = r.w.fdtables[taskOf(r.w, r.pid).files]?.fds[high]?.file;
    // An fs_context (fsopen) lives on the anon mount too, and is no terminal.
    const outside = held !== undefined && isOutsideFile(r.w, held) && rFile(r.w, held).f_fs_context === undefined;
    if (!outside) r.refuse('EBADF', 'fcntl');
    temps.set(inh.key, high);
  }
}

/** The restarter's hold on each removed directory (by ImageDeadDir key): an fd above every task fd. */
export type Held = ReadonlyMap<number, number>;

const join = (parent: string, name: string): string => (parent.endsWith('/') ? parent + name : `${parent}/${name}`);

/**
 * Recreate each removed directory dead, depth first: mkdir its placeholder under its old name (its
 * mode exactly: umask 0 meanwhile), check it with stat (a set-group-ID parent, say, would give it
 * another group: EPERM at stat), hold it with an fd, recreate the removed directories that were
 * inside it, and rmdir it. The name exists only that long, and two removed directories that had
 * one name never need it at once.
 */
export function recreateDeadDirs(r: Restarter, dirs: readonly ImageDeadDir[], maxFd: number): Map<number, number> {
  const held = new Map<number, number>();
  if (dirs.length === 0) return held;
  const inside = (key: number): ImageDeadDir[] => dirs.filter((d) => d.parent.kind === 'dead' && d.parent.key === key);
  const make = (d: ImageDeadDir, parent: string, mount: PlacedMount): void => {
    const path = join(parent, d.name);
    r.meta();
    r.run({ call: 'mkdir', path, mode: d.mode });
    const st = r.run({ call: 'stat', path }).stat;
    if (st === undefined || (st.st_mode & 0o7777) !== d.mode || st.st_uid !== 0 || st.st_gid !== 0)
      r.refuse('EPERM', 'stat');
    const fd = r.run({ call: 'openat', dirfd: AT_FDCWD, path, flags: O_RDONLY | O_DIRECTORY, mode: 0 }).ret;
    const file = r.w.fdtables[taskOf(r.w, r.pid).files]?.fds[fd]?.file;
    if (file === undefined) throw new ModelBug(`openat of ${path} returned ${fd}, which is not open`);
    onMount(r, rFile(r.w, file).f_path.mnt, mount, 'openat', path);
    held.set(d.key, r.run({ call: 'fcntl', fd, cmd: F_DUPFD, arg: maxFd + 1 }).ret);
    r.run({ call: 'close', fd });
    for (const child of inside(d.key)) make(child, path, mount);
    r.meta();
    r.run({ call: 'rmdir', path });
  };
  const old = r.run({ call: 'umask', mask: 0 }).ret;
  for (const d of dirs) {
    if (d.parent.kind !== 'path') continue;
    const at = placeOf(r, d.parent);
    make(d, at.path, at.mount);
  }
  r.run({ call: 'umask', mask: old });
  return held;
}

function heldFd(held: Held, key: number): number {
  const fd = held.get(key);
  if (fd === undefined) throw new ModelBug(`removed directory ${key} was not recreated (image out of order)`);
  return fd;
}

/** An open removed directory: "." of the held one, with the task's flags (a new struct file). */
export function openDeadDir(r: Restarter, held: Held, key: number, flags: number): number {
  return r.run({ call: 'openat', dirfd: heldFd(held, key), path: '.', flags, mode: 0 }).ret;
}

/**
 * A task gets its cwd back: chdir to a live directory's name on its restored mount (checked to be
 * on it), or fchdir to a held removed directory.
 */
function enterCwd(r: Restarter, pid: Pid, dir: ImageDir, held: Held): void {
  if (dir.kind === 'dead') {
    r.runAs(pid, { call: 'fchdir', fd: heldFd(held, dir.key) });
    return;
  }
  const at = placeOf(r, dir);
  r.runAs(pid, { call: 'chdir', path: at.path });
  onMount(r, taskOf(r.w, pid).pwd.mnt, at.mount, 'chdir', at.path);
}

/** The restarter lets go of the removed directories once every task holds what it held. */
export function releaseDeadDirs(r: Restarter, held: Held): void {
  for (const fd of held.values()) r.run({ call: 'close', fd });
}

/**
 * Fork every task and give it its cwd while the restarter's temporaries are still in every table
 * (a removed cwd is fchdir'd to through one); then put each table's fds in place and close the
 * rest; tasks sharing a table (CLONE_FILES) share that work. Credentials go last, so every call
 * here is made as root.
 */
export function forkTasks(
  r: Restarter,
  image: CheckpointImage,
  temps: ReadonlyMap<number, number>,
  held: Held,
): Map<Pid, Pid> {
  const pids = new Map<Pid, Pid>();
  const tableOwner = new Map<number, Pid>();
  for (const t of image.tasks) {
    const owner = tableOwner.get(t.fdTable);
    const child = r.w.tasks[t.pid] === undefined ? t.pid : undefined;
    const sc: Syscall = owner === undefined ? { call: 'fork', child } : { call: 'clone', flags: CLONE_FILES, child };
    const pid = r.runAs(owner ?? r.pid, sc).ret;
    pids.set(t.pid, pid);
    if (owner === undefined) tableOwner.set(t.fdTable, pid);
    enterCwd(r, pid, t.cwd, held);
  }
  for (const t of image.tasks) {
    const pid = tableOwner.get(t.fdTable);
    if (pid !== pids.get(t.pid) || pid === undefined) continue;
    for (const fd of t.fds) {
      const temp = temps.get(fd.file);
      // Every fd's file was opened or inherited above: a missing one is the image's fault.
      if (temp === undefined) throw new ModelBug(`pid ${t.pid} fd ${fd.fd}: file ${fd.file} is not in the image`);
      r.runAs(pid, { call: 'dup2', oldfd: temp, newfd: fd.fd });
      if (fd.cloexec) r.runAs(pid, { call: 'fcntl', fd: fd.fd, cmd: F_SETFD, arg: 1 });
    }
    // Everything else the child inherited from the restarter is not the task's.
    const wanted = new Set(t.fds.map((f) => f.fd));
    const table = r.w.fdtables[taskOf(r.w, pid).files];
    for (const fd of Object.keys(table?.fds ?? {}).map(Number)) {
      if (!wanted.has(fd)) r.runAs(pid, { call: 'close', fd });
    }
  }
  for (const t of image.tasks) {
    const task = taskOf(r.w, pids.get(t.pid) ?? t.pid);
    task.umask = t.umask;
    commitCreds(task, t.cred);
  }
  return pids;
}
