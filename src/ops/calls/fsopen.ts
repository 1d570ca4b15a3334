/**
 * The new mount API as far as the relink series meets it: fsopen(2), fspick(2), fsconfig(2) and
 * fsmount(2) (fs/fsopen.c, fs/namespace.c). Our port refuses relink= from fsconfig (patch 0007,
 * vfs_parse_relink_param: only mount(2), fc->oldapi, takes it), since fsmount has no step that
 * would look it up and set it. The model answers exactly what the traces ask: a context is made,
 * fsconfig sets "relink" on it (every other key, and the commands that make or reconfigure a
 * superblock, are Unmodelled), and fsmount is refused before anything is mounted.
 */
import { CAP_SYS_ADMIN } from '../../model/cred.js';
import type { FsContext } from '../../model/file.js';
import { FMODE_READ, FMODE_WRITE } from '../../model/file.js';
import { O_RDWR } from '../../model/flags.js';
import { FS_TYPES, isMountableFsType } from '../../model/fstype.js';
import type { Pid } from '../../model/ids.js';
import { anonMount } from '../vfs/boot.js';
import { dAddName, dDrop, newInode } from '../vfs/dcache.js';
import { allocFd, allocFile, fdInstall } from '../vfs/fdtable.js';
import { filenameLookup, LOOKUP_EMPTY, LOOKUP_FOLLOW } from '../vfs/namei.js';
import { capable } from '../vfs/cred.js';
import { clearNlink } from '../vfs/refs.js';
import { ModelBug, Unmodelled } from '../../model/errors.js';
import { fail, ok, type SysResult } from '../vfs/result.js';
import type { SyscallOf } from '../../model/syscall/syscall.js';
import { fdtableOf, fileOf, kernelOf, rMount, rSb, taskOf, type MWorld } from '../vfs/world-draft.js';
import type { Handlers } from './handler.js';
import {
  FSCONFIG_CMD_CREATE,
  FSCONFIG_CMD_RECONFIGURE,
  FSCONFIG_SET_STRING,
  FSMOUNT_CLOEXEC,
  FSOPEN_CLOEXEC,
  FSPICK_CLOEXEC,
  FSPICK_EMPTY_PATH,
  FSPICK_NO_AUTOMOUNT,
  FSPICK_SYMLINK_NOFOLLOW,
  MOUNT_ATTR_NOATIME,
  MOUNT_ATTR_NODEV,
  MOUNT_ATTR_NODIRATIME,
  MOUNT_ATTR_NOEXEC,
  MOUNT_ATTR_NOSUID,
  MOUNT_ATTR_NOSYMFOLLOW,
  MOUNT_ATTR_RDONLY,
  MOUNT_ATTR_STRICTATIME,
  MOUNT_ATTR__ATIME,
} from '../../model/syscall/flag-sets.js';

/** fs/namespace.c: FSMOUNT_VALID_FLAGS (RDONLY NOSUID NODEV NOEXEC __ATIME NODIRATIME NOSYMFOLLOW). */
const FSMOUNT_VALID_FLAGS =
  MOUNT_ATTR_RDONLY |
  MOUNT_ATTR_NOSUID |
  MOUNT_ATTR_NODEV |
  MOUNT_ATTR_NOEXEC |
  MOUNT_ATTR__ATIME |
  MOUNT_ATTR_NODIRATIME |
  MOUNT_ATTR_NOSYMFOLLOW;
/** include/asm-generic/page.h: PAGE_SIZE on x86_64, legacy_parse_param's limit. */
const PAGE_SIZE = 4096;
/** fs/fsopen.c: fsconfig → strndup_user(_key, 256) and strndup_user(_value, 256): EINVAL past 255 bytes. */
const FSCONFIG_STRING_MAX = 255;

/** fs/fsopen.c: SYSCALL_DEFINE2(fsopen) → fs_context_for_mount → fscontext_create_fd. */
export function sys_fsopen(w: MWorld, pid: Pid, sc: SyscallOf<'fsopen'>): SysResult {
  const task = taskOf(w, pid);
  // may_mount: CAP_SYS_ADMIN in the mount namespace's user namespace.
  if (!capable(task, CAP_SYS_ADMIN)) return fail('EPERM');
  if ((sc.flags >>> 0) & ~FSOPEN_CLOEXEC) return fail('EINVAL');
  // get_fs_type: as for mount(2), a type the model does not know is one the kernel does not have.
  if (!isMountableFsType(sc.fs_name)) return fail('ENODEV');
  return fscontextCreateFd(w, pid, { purpose: 'mount', fs_type: sc.fs_name, legacy_data_size: 0 }, sc.flags);
}

/**
 * fs/fsopen.c: SYSCALL_DEFINE3(fspick) — a context to reconfigure the superblock of the mount
 * whose root `path` names (EINVAL for anything else), in phase FS_CONTEXT_RECONF_PARAMS.
 */
export function sys_fspick(w: MWorld, pid: Pid, sc: SyscallOf<'fspick'>): SysResult {
  const task = taskOf(w, pid);
  if (!capable(task, CAP_SYS_ADMIN)) return fail('EPERM');
  const flags = sc.flags >>> 0;
  if (flags & ~(FSPICK_CLOEXEC | FSPICK_SYMLINK_NOFOLLOW | FSPICK_NO_AUTOMOUNT | FSPICK_EMPTY_PATH))
    return fail('EINVAL');
  // LOOKUP_AUTOMOUNT (dropped by FSPICK_NO_AUTOMOUNT) changes nothing: no modelled fs automounts.
  const lookup =
    ((flags & FSPICK_SYMLINK_NOFOLLOW) !== 0 ? 0 : LOOKUP_FOLLOW) |
    ((flags & FSPICK_EMPTY_PATH) !== 0 ? LOOKUP_EMPTY : 0);
  const t = filenameLookup(w, task, sc.dirfd, sc.path, lookup);
  if (!t.ok) return fail(t.errno);
  if (t.value.kind !== 'path') throw new Unmodelled('fspick of a /proc object is not modelled');
  const target = t.value.path;
  if (rMount(w, target.mnt).mnt_root !== target.dentry) return fail('EINVAL');
  const type = rSb(w, rMount(w, target.mnt).mnt_sb).s_type;
  if (!isMountableFsType(type)) throw new ModelBug(`fspick reached internal superblock type ${type}`);
  return fscontextCreateFd(w, pid, { purpose: 'reconfigure', fs_type: type, legacy_data_size: 0 }, flags);
}

/** fs/fsopen.c: fscontext_create_fd → anon_inode_getfd: the lowest free fd, a file opened O_RDWR. */
function fscontextCreateFd(w: MWorld, pid: Pid, fc: FsContext, flags: number): SysResult {
  const task = taskOf(w, pid);
  const fd = allocFd(w, task.files, task.rlimit_nofile);
  if (fd === 'EMFILE') return fail('EMFILE');
  const mnt = anonMount(w);
  const root = rMount(w, mnt).mnt_root;
  const ino = newInode(w, rMount(w, mnt).mnt_sb, { type: 'reg', perm: 0o600, uid: 0, gid: 0 });
  const dentry = dAddName(w, root, `fscontext-${w.next.file}`, ino);
  const file = allocFile(w, { mnt, dentry }, ino, O_RDWR, FMODE_READ | FMODE_WRITE, task.cred);
  // alloc_file_pseudo (under anon_inode_getfile): no directory holds the dentry and the inode has
  // no name, so both go with the file's last fput, as installOutsideFile's do.
  dDrop(w, dentry);
  clearNlink(w, ino);
  fileOf(w, file).f_fs_context = fc;
  // FSOPEN_CLOEXEC and FSPICK_CLOEXEC are the same bit.
  fdInstall(w, task.files, fd, file, (flags & FSOPEN_CLOEXEC) !== 0);
  return ok(fd);
}

/** The fs_context behind `fd`: EBADF without a file, EINVAL for a file that is not one (fscontext_fops). */
function fsContextFd(w: MWorld, pid: Pid, fd: number): { fc: FsContext; file: number } | 'EBADF' | 'EINVAL' {
  const entry = fd < 0 ? undefined : fdtableOf(w, taskOf(w, pid).files).fds[fd];
  if (entry === undefined) return 'EBADF';
  const fc = fileOf(w, entry.file).f_fs_context;
  return fc === undefined ? 'EINVAL' : { fc, file: entry.file };
}

/**
 * fs/fsopen.c: SYSCALL_DEFINE5(fsconfig). The pointers are those the command takes (the lowering
 * passes NULL for a value FSCONFIG_SET_FLAG does not take and for both with FSCONFIG_CMD_*), so
 * the EINVAL of a pointer given or missing against its command is not reachable from a trace.
 */
export function sys_fsconfig(w: MWorld, pid: Pid, sc: SyscallOf<'fsconfig'>): SysResult {
  if (sc.fd < 0) return fail('EINVAL');
  const cmd = sc.cmd >>> 0;
  if (cmd > FSCONFIG_CMD_RECONFIGURE) return fail('EOPNOTSUPP');
  if (cmd > FSCONFIG_SET_STRING && cmd < FSCONFIG_CMD_CREATE)
    throw new Unmodelled('fsconfig with a binary, path or fd value is not modelled');
  // Every modelled command takes no aux.
  if (sc.aux !== 0) return fail('EINVAL');
  const ctx = fsContextFd(w, pid, sc.fd);
  if (typeof ctx === 'string') return fail(ctx);
  // vfs_fsconfig_locked: each command needs its phase (EBUSY); the commands themselves are not modelled.
  if (cmd === FSCONFIG_CMD_RECONFIGURE) {
    if (ctx.fc.purpose !== 'reconfigure') return fail('EBUSY');
    throw new Unmodelled('fsconfig FSCONFIG_CMD_RECONFIGURE (reconfigure_super) is not modelled');
  }
  if (cmd === FSCONFIG_CMD_CREATE) {
    if (ctx.fc.purpose !== 'mount') return fail('EBUSY');
    throw new Unmodelled('fsconfig FSCONFIG_CMD_CREATE (vfs_get_tree) is not modelled');
  }
  if (sc.key.length > FSCONFIG_STRING_MAX) return fail('EINVAL');
  const isString = cmd === FSCONFIG_SET_STRING;
  if (isString && sc.value.length > FSCONFIG_STRING_MAX) return fail('EINVAL');
  if (sc.key !== 'relink') throw new Unmodelled(`fsconfig of "${sc.key}" is not modelled`);
  return setRelinkParam(w, ctx.file, ctx.fc, isString ? sc.value : null);
}

/**
 * fs/fs_context.c: vfs_parse_fs_param for the key "relink". With the series a type with .relink
 * refuses it (vfs_parse_relink_param: not fc->oldapi). Otherwise the file system's own parser
 * answers: ext4 and tmpfs do not know it ("Unknown parameter", EINVAL); a legacy type (btrfs)
 * appends it to the option string it will parse at vfs_get_tree (legacy_parse_param).
 */
function setRelinkParam(w: MWorld, file: number, fc: FsContext, value: string | null): SysResult {
  if (kernelOf(w).relinkSeries && FS_TYPES[fc.fs_type].relink) return fail('EINVAL');
  if (!FS_TYPES[fc.fs_type].legacyFsContext) return fail('EINVAL');
  const key = 'relink';
  const len = key.length + (value === null ? 0 : 1 + value.length);
  if (fc.legacy_data_size + len + 2 > PAGE_SIZE) return fail('EINVAL');
  if (value?.includes(',') === true) return fail('EINVAL');
  const separator = fc.legacy_data_size > 0 ? 1 : 0;
  fileOf(w, file).f_fs_context = { ...fc, legacy_data_size: fc.legacy_data_size + separator + len };
  return ok(0);
}

/**
 * fs/namespace.c: SYSCALL_DEFINE3(fsmount). A context from fsopen has no superblock until
 * FSCONFIG_CMD_CREATE (not modelled), so fsmount of it is EINVAL ("There must be a valid
 * superblock"); one from fspick has its superblock but is not FS_CONTEXT_AWAITING_MOUNT (EBUSY).
 * Both after the checks of its flags and the descriptor.
 */
export function sys_fsmount(w: MWorld, pid: Pid, sc: SyscallOf<'fsmount'>): SysResult {
  if (!capable(taskOf(w, pid), CAP_SYS_ADMIN)) return fail('EPERM');
  if ((sc.flags >>> 0) & ~FSMOUNT_CLOEXEC) return fail('EINVAL');
  const attr = sc.attr_flags >>> 0;
  if (attr & ~FSMOUNT_VALID_FLAGS) return fail('EINVAL');
  const atime = attr & MOUNT_ATTR__ATIME;
  if (atime !== 0 && atime !== MOUNT_ATTR_NOATIME && atime !== MOUNT_ATTR_STRICTATIME) return fail('EINVAL');
  const ctx = fsContextFd(w, pid, sc.fs_fd);
  if (typeof ctx === 'string') return fail(ctx);
  return fail(ctx.fc.purpose === 'mount' ? 'EINVAL' : 'EBUSY');
}

/** This family's part of the syscall table (src/ops/run/table.ts). */
export const FSOPEN_CALLS: Handlers<'fsopen' | 'fspick' | 'fsconfig' | 'fsmount'> = {
  fsopen: sys_fsopen,
  fspick: sys_fspick,
  fsconfig: sys_fsconfig,
  fsmount: sys_fsmount,
};
