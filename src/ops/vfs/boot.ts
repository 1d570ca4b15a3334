/** The initial world: one file system mounted as the root of one namespace, and one task. */
import { castDraft } from 'immer';
import { userCred } from '../../model/cred.js';
import { produce } from 'immer';
import type { FdTableId, FileId, MountId, Pid } from '../../model/ids.js';
import { FS_TYPES, type MountableFsType } from '../../model/fstype.js';
import { KERNELS } from '../../model/kernel.js';
import { DEBIAN_BOOT_SYSCTLS, type Sysctls } from '../../model/sysctl.js';
import { FMODE_READ, FMODE_WRITE } from '../../model/file.js';
import { O_RDWR } from '../../model/flags.js';
import type { World } from '../../model/world.js';
import { allocMount, makeNamespaceRoot, mkfs, ROOT_DEVICE } from './super.js';
import { allocFile, fdInstall, INR_OPEN_CUR, NR_OPEN } from './fdtable.js';
import { newInode, dAddName, dDrop } from './dcache.js';
import { clearNlink, mntget, pathGet } from './refs.js';
import { ModelBug } from '../../model/errors.js';
import { fdtableOf, mntnsOf, rFile, rInode, rSb, sbOf, taskOf, type MWorld, type RWorld } from './world-draft.js';

export interface BootOptions {
  /** A KERNELS key: 'mainline', 'relink', or a seeded-bug variant. */
  readonly kernel?: string;
  /**
   * The fs.protected_* sysctls the machine boots with; Debian 12's as it boots
   * (DEBIAN_BOOT_SYSCTLS, src/model/sysctl.ts) when absent. Every boot outside the tests names them.
   */
  readonly sysctl?: Sysctls;
  readonly rootFs?: MountableFsType;
  /** The root file system's block size (mkfs -b); the type's default when absent. */
  readonly blocksize?: number;
  /** The first task's pid (strace replay keeps the traced program's pid). */
  readonly pid?: Pid;
  readonly uid?: number;
  readonly gid?: number;
  /** Supplementary groups (setgroups); none when absent. */
  readonly groups?: readonly number[];
  readonly umask?: number;
  /** RLIMIT_NOFILE's soft limit; the kernel's default (INR_OPEN_CUR) when absent. */
  readonly nofile?: number;
  /** Descriptors the first task already holds, opened outside the model (stdin/stdout/stderr). */
  readonly outsideFds?: readonly number[];
}

const EMPTY_WORLD: World = {
  kernel: 'mainline',
  sysctl: DEBIAN_BOOT_SYSCTLS,
  inodes: {},
  dentries: {},
  mounts: {},
  superblocks: {},
  files: {},
  fdtables: {},
  tasks: {},
  mntns: {},
  next: { inode: 1, dentry: 1, mount: 1, sb: 1, file: 1, fdtable: 1, mntns: 1, pid: 1, mnt_id: 21, dev: 1 },
};

export function bootWorld(o: BootOptions = {}): World {
  const kernel = o.kernel ?? 'mainline';
  if (KERNELS[kernel] === undefined) throw new ModelBug(`unknown kernel variant ${kernel}`);
  return produce(EMPTY_WORLD, (w) => {
    w.kernel = kernel;
    w.sysctl = { ...(o.sysctl ?? DEBIAN_BOOT_SYSCTLS) };
    const sb = mkfs(w, { type: o.rootFs ?? 'ext4', blocksize: o.blocksize });
    const root = allocMount(w, sb, sbOf(w, sb).s_root, 0, ROOT_DEVICE);
    const ns = makeNamespaceRoot(w, root);
    const pid = o.pid ?? 1;
    const files = w.next.fdtable++ as FdTableId;
    w.fdtables[files] = { id: files, count: 1, fds: {} };
    const rootPath = { mnt: root, dentry: sbOf(w, sb).s_root };
    pathGet(w, rootPath);
    pathGet(w, rootPath);
    w.tasks[pid] = {
      pid,
      ppid: 0,
      state: 'running',
      blocked: null,
      exit_code: null,
      files,
      root: rootPath,
      pwd: rootPath,
      umask: o.umask ?? 0o022,
      rlimit_nofile: o.nofile ?? INR_OPEN_CUR,
      cred: castDraft(userCred(pid, o.uid ?? 0, o.gid ?? 0, o.groups ?? [])),
      mnt_ns: ns,
    };
    mntnsOf(w, ns).count++;
    w.next.pid = Math.max(w.next.pid, pid + 1);
    for (const fd of o.outsideFds ?? []) installOutsideFile(w, pid, fd);
  });
}

/** Whether a file is one the model does not look into (installOutsideFile's, on the anon mount). */
export function isOutsideFile(w: RWorld, file: FileId): boolean {
  return FS_TYPES[rSb(w, rInode(w, rFile(w, file).f_inode).i_sb).s_type].internal;
}

/**
 * Occupy `fd` in a task with a file the model does not look into (it lives on an internal 'anon'
 * mount, as anon_inodefs files do), so fd numbers stay in step with a traced program.
 */
export function installOutsideFile(w: MWorld, pid: Pid, fd: number, cloexec = false): FileId {
  const mnt = anonMount(w);
  const m = w.mounts[mnt];
  if (m === undefined) throw new ModelBug('anon mount vanished');
  const parent = m.mnt_root;
  const sb = m.mnt_sb;
  const ino = newInode(w, sb, { type: 'reg', perm: 0o600, uid: 0, gid: 0 });
  const d = dAddName(w, parent, `outside-${w.next.file}`, ino);
  const task = taskOf(w, pid);
  const file = allocFile(w, { mnt, dentry: d }, ino, O_RDWR, FMODE_READ | FMODE_WRITE, task.cred);
  // alloc_file_pseudo: the dentry is in no directory and the inode has no name, so both go with
  // the file's last reference (a replayed log of thousands of processes would keep them all).
  dDrop(w, d);
  clearNlink(w, ino);
  // The kernel handed this fd out under the task's real RLIMIT_NOFILE, whatever the model's is.
  if (!Number.isInteger(fd) || fd < 0 || fd >= NR_OPEN) throw new ModelBug(`outside fd ${fd} is not below NR_OPEN`);
  if (fdtableOf(w, task.files).fds[fd] !== undefined)
    throw new ModelBug(`outside fd ${fd} is already in use in task ${pid}`);
  fdInstall(w, task.files, fd, file, cloexec);
  return file;
}

/** The internal 'anon' mount (kern_mount: detached, held by the kernel itself), made on first use. */
export function anonMount(w: MWorld): MountId {
  for (const m of Object.values(w.mounts)) {
    const sb = w.superblocks[m.mnt_sb];
    if (sb !== undefined && FS_TYPES[sb.s_type].internal) return m.id;
  }
  const sb = mkfs(w, { type: 'anon' });
  const mnt = allocMount(w, sb, sbOf(w, sb).s_root, 0, 'anon');
  mntget(w, mnt); // the kernel's own reference (kern_mount)
  return mnt;
}
