/**
 * kernel/fork.c: kernel_clone → copy_process, for what the model keeps of a task: the fd table
 * (copy_files), root and pwd (copy_fs), credentials and umask, and the mount namespace
 * (copy_namespaces → copy_mnt_ns).
 *
 * Flags the model does not act on: CLONE_VM, CLONE_VFORK (see task.ts), CLONE_SIGHAND,
 * CLONE_THREAD beyond the cred it shares (the child is a task of its own; exit_group does not take
 * its siblings down),
 * CLONE_SETTLS and the TID flags, and the other namespaces (only their permission check is kept).
 * CLONE_FS: the kernel shares one fs_struct (fs->users++), so a later chdir or umask by either task
 * is seen by both; the model has no fs_struct of its own and gives the child a copy, which is exact
 * until one of them changes its cwd or umask: both are marked `fs_shared`, and such a change is
 * not modelled while another task of the group lives (src/ops/calls/task.ts).
 */
import { CAP_SYS_ADMIN } from '../../model/cred.js';
import type { FdTableId, MntNsId, Pid } from '../../model/ids.js';
import { CLONE_FILES, CLONE_FS, CLONE_NEWNS, CLONE_VM } from '../../model/flags.js';
import type { FdEntry } from '../../model/task.js';
import { installOutsideFile } from '../vfs/boot.js';
import { allocFd } from '../vfs/fdtable.js';
import { copyMntNs } from '../vfs/namespace.js';
import { capable } from '../vfs/cred.js';
import { fget, pathGet } from '../vfs/refs.js';
import { NotRunnable, Unmodelled } from '../../model/errors.js';
import { fail, ok, type SysResult } from '../vfs/result.js';
import { fdtableOf, mntnsOf, taskOf, type MWorld } from '../vfs/world-draft.js';
import { putRecord } from '../vfs/touch-log.js';
import { ownField } from '../vfs/own-field.js';

// include/uapi/linux/sched.h: the clone flags flags.ts does not list.
const CLONE_PIDFD = 0x1000;
const CLONE_SIGHAND = 0x800;
const CLONE_PARENT = 0x8000;
const CLONE_THREAD = 0x10000;
const CLONE_SYSVSEM = 0x40000;
const CLONE_PARENT_SETTID = 0x100000;
const CLONE_DETACHED = 0x400000;
const CLONE_NEWCGROUP = 0x2000000;
const CLONE_NEWUTS = 0x4000000;
const CLONE_NEWIPC = 0x8000000;
const CLONE_NEWUSER = 0x10000000;
const CLONE_NEWPID = 0x20000000;
const CLONE_NEWNET = 0x40000000;
const CLONE_NEW_ANY = CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWCGROUP;

const has = (flags: number, f: number): boolean => (flags & f) !== 0;

/** The argument checks of kernel_clone and copy_process, in their order. */
function cloneFlagsError(flags: number, sysAdmin: boolean): 'EINVAL' | 'EPERM' | null {
  // kernel_clone: legacy clone passes one pointer as both pidfd and parent_tid.
  if (has(flags, CLONE_PIDFD) && has(flags, CLONE_PARENT_SETTID)) return 'EINVAL';
  // copy_process: don't share the root directory with a task in another namespace.
  if (has(flags, CLONE_NEWNS) && has(flags, CLONE_FS)) return 'EINVAL';
  if (has(flags, CLONE_NEWUSER) && has(flags, CLONE_FS)) return 'EINVAL';
  // Thread groups share signal handlers, which imply a shared VM.
  if (has(flags, CLONE_THREAD) && !has(flags, CLONE_SIGHAND)) return 'EINVAL';
  if (has(flags, CLONE_SIGHAND) && !has(flags, CLONE_VM)) return 'EINVAL';
  if (has(flags, CLONE_THREAD) && has(flags, CLONE_NEWUSER | CLONE_NEWPID)) return 'EINVAL';
  if (has(flags, CLONE_PIDFD) && has(flags, CLONE_DETACHED | CLONE_THREAD)) return 'EINVAL';
  if (has(flags, CLONE_NEWUSER)) throw new Unmodelled('CLONE_NEWUSER: user namespaces are not modelled');
  // kernel/nsproxy.c: copy_namespaces — new namespaces need CAP_SYS_ADMIN.
  if (has(flags, CLONE_NEW_ANY) && !sysAdmin) return 'EPERM';
  if (has(flags, CLONE_NEWIPC) && has(flags, CLONE_SYSVSEM)) return 'EINVAL';
  return null;
}

/**
 * kernel/fork.c: copy_process. `child` is the pid the new task must get (a trace keeps real pids);
 * without it the next free one. Returns the child's pid, as the parent sees it.
 */
export function copyProcess(w: MWorld, pid: Pid, flags: number, child: number | undefined): SysResult {
  const parent = taskOf(w, pid);
  const bad = cloneFlagsError(flags, capable(parent, CAP_SYS_ADMIN));
  if (bad !== null) return fail(bad);
  const newPid = child ?? w.next.pid;
  if (!Number.isInteger(newPid) || newPid <= 0) throw new NotRunnable(`clone: bad child pid ${newPid}`);
  if (w.tasks[newPid] !== undefined) throw new NotRunnable(`clone: pid ${newPid} is already in use`);
  // CLONE_PIDFD: __pidfd_prepare takes a descriptor in the caller's table (EMFILE).
  const pidfd = has(flags, CLONE_PIDFD) ? allocFd(w, parent.files, parent.rlimit_nofile) : null;
  if (pidfd === 'EMFILE') return fail('EMFILE');

  // copy_files: share the table (CLONE_FILES) or duplicate it (dup_fd).
  let files: FdTableId;
  if (has(flags, CLONE_FILES)) {
    fdtableOf(w, parent.files).count++;
    files = parent.files;
  } else {
    files = dupFd(w, parent.files);
  }
  // copy_fs → copy_fs_struct, then copy_mnt_ns moves root and pwd onto the copied mounts.
  const root = { mnt: parent.root.mnt, dentry: parent.root.dentry };
  const pwd = { mnt: parent.pwd.mnt, dentry: parent.pwd.dentry };
  let ns: MntNsId = parent.mnt_ns;
  if (has(flags, CLONE_NEWNS)) {
    const copy = copyMntNs(w, parent.mnt_ns);
    ns = copy.ns;
    root.mnt = copy.map.get(root.mnt) ?? root.mnt;
    pwd.mnt = copy.map.get(pwd.mnt) ?? pwd.mnt;
  }
  mntnsOf(w, ns).count++;
  pathGet(w, root);
  pathGet(w, pwd);
  const p = taskOf(w, pid);
  const fsShared = has(flags, CLONE_FS) ? (p.fs_shared ?? pid) : undefined;
  if (fsShared !== undefined) p.fs_shared = fsShared;
  putRecord(w.tasks, newPid, {
    pid: newPid,
    // CLONE_PARENT and CLONE_THREAD re-use the caller's parent.
    ppid: has(flags, CLONE_PARENT | CLONE_THREAD) ? p.ppid : pid,
    state: 'running',
    blocked: null,
    exit_code: null,
    files,
    root,
    pwd,
    umask: p.umask,
    rlimit_nofile: p.rlimit_nofile,
    // kernel/cred.c: copy_creds — a thread shares its creator's cred object (CLONE_THREAD: get_cred),
    // anything else gets a new one with the parent's values (prepare_creds).
    cred: has(flags, CLONE_THREAD) ? p.cred : { ...p.cred, owner: newPid, serial: 0 },
    mnt_ns: ns,
    ...(fsShared === undefined ? {} : { fs_shared: fsShared }),
  });
  w.next.pid = Math.max(w.next.pid, newPid + 1);
  if (pidfd !== null) {
    // An anon-inode file, O_RDWR, installed close-on-exec.
    installOutsideFile(w, pid, pidfd);
    const table = fdtableOf(w, p.files);
    const entry = table.fds[pidfd];
    if (entry !== undefined) ownField(table, 'fds')[pidfd] = { ...entry, cloexec: true };
  }
  return ok(newPid);
}

/** kernel/fork.c: unshare_files — give the task a private copy of a shared fd table (dup_fd). */
export function unshareFiles(w: MWorld, pid: Pid): void {
  const task = taskOf(w, pid);
  const shared = task.files;
  if (fdtableOf(w, shared).count <= 1) return;
  task.files = dupFd(w, shared);
  fdtableOf(w, shared).count--; // put_files_struct: the others still hold it
}

/** fs/file.c: dup_fd — a new table with every open slot, each taking a file reference. */
function dupFd(w: MWorld, old: FdTableId): FdTableId {
  const id = w.next.fdtable++ as FdTableId;
  const fds: Record<number, FdEntry> = {};
  for (const [fd, entry] of Object.entries(fdtableOf(w, old).fds)) {
    fget(w, entry.file);
    fds[Number(fd)] = { file: entry.file, cloexec: entry.cloexec };
  }
  putRecord(w.fdtables, id, { id, count: 1, fds });
  return id;
}
