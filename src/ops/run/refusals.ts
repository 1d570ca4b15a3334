/**
 * Why a call answered an errno, as the kernel rule that decides it, for the narration (explain,
 * report) and for checkpoint and restart, which fail with the errno of a call they made. One table
 * keyed by (call, errno): a rule of the calls that share a kernel path, else a rule every call that
 * walks a path or takes a descriptor shares. Where one errno has several causes in a call, the rule
 * names each the model implements, in the kernel's order. test/teach/refusals.test.ts holds every
 * refusal of every bundled scenario to having one.
 */
import type { Errno } from '../../model/errno.js';

type Rules = Readonly<Partial<Record<Errno, string>>>;

const LINK: Rules = {
  EXDEV:
    'oldpath and newpath are not on the same mounted filesystem: do_linkat compares the two paths\' vfsmounts (fs/namei.c: do_linkat, "old_path.mnt != new_path.mnt"), and vfs_link the two superblocks',
  ENOENT:
    "a name on a path does not exist, or the inode has no name left (i_nlink 0, not I_LINKABLE, and no relink into relink_dir: fs/namei.c: vfs_link), or 6.1's AT_EMPTY_PATH without CAP_DAC_READ_SEARCH (do_linkat)",
  EPERM:
    'the inode is a directory, append-only or immutable (fs/namei.c: vfs_link), or fs.protected_hardlinks refuses a link to a file the caller may not read and write and does not own (may_linkat)',
  EEXIST: 'newpath exists already (fs/namei.c: filename_create)',
  EMLINK: "the inode has the file system's most links already (vfs_link: s_max_links; ext4_link: EXT4_LINK_MAX)",
  EINVAL: 'flags other than AT_SYMLINK_FOLLOW and AT_EMPTY_PATH (fs/namei.c: do_linkat)',
};

const CHOWN: Rules = {
  EPERM:
    "only CAP_CHOWN changes a file's owner, and its owner may change its group only to one of its own groups (fs/attr.c: setattr_prepare → chown_ok, chgrp_ok)",
  EINVAL: 'flags other than AT_SYMLINK_NOFOLLOW and AT_EMPTY_PATH (fs/open.c: do_fchownat)',
};

const CHMOD: Rules = {
  EPERM:
    "the caller is not the file's owner and has no CAP_FOWNER (fs/attr.c: setattr_prepare → inode_owner_or_capable)",
};

const ACCESS: Rules = {
  EACCES:
    'the real uid and gid, not the effective ones (unless AT_EACCESS), lack the permission asked for (fs/open.c: do_faccessat → access_override_creds, inode_permission)',
  EROFS: 'write access asked on a read-only mount or file system (fs/open.c: do_faccessat → __mnt_is_readonly)',
};

const UNLINK: Rules = {
  EPERM:
    'the directory is sticky and the caller owns neither it nor the file and has no CAP_FOWNER (fs/namei.c: may_delete → check_sticky), or the file is append-only or immutable (may_delete)',
  EBUSY: 'the name is a mount point (fs/namei.c: vfs_unlink, vfs_rmdir: is_local_mountpoint)',
  ENOTEMPTY:
    'the directory still has entries besides . and .. (fs/namei.c: vfs_rmdir → ->rmdir, ext4_empty_dir on ext4)',
};

const SETID: Rules = {
  EPERM:
    'without CAP_SETUID (CAP_SETGID for gids) a task may only set each id to one of its current real, effective or saved ids (kernel/sys.c)',
  EINVAL:
    '-1, or an id with no mapping in the namespace, is no id (kernel/sys.c: __sys_setuid → make_kuid → uid_valid)',
};

const MOUNT: Rules = {
  EBUSY:
    'remounting read-only while a file on it is open for writing (fs/super.c: reconfigure_super → sb_prepare_remount_readonly), or the path is mounted on already',
  EINVAL:
    'the relink= directory is not an absolute path free of "..", or the flags or the source do not make a mount (fs/namespace.c: path_mount; patch 07: relink_dir parsing)',
  ENOENT:
    'the mount point or the source does not exist, or the relink= directory does not exist on the new file system (patch 07 resolves it inside the new superblock)',
  ENOTDIR: 'the mount point, or the relink= directory, is not a directory (fs/namespace.c: lock_mount; patch 07)',
};

const UMOUNT: Rules = {
  EBUSY:
    'the mount is in use: an open file, a cwd or a mount below holds it (fs/namespace.c: do_umount → propagate_mount_busy)',
  EINVAL: 'the path is not the root of a mount (fs/namespace.c: path_umount → can_umount), or unknown flags',
};

const UTIMES: Rules = {
  EACCES:
    'setting the times to now needs the owner, CAP_FOWNER or write permission (fs/attr.c: setattr_prepare, ATTR_TOUCH)',
  EPERM: 'setting explicit times needs the owner or CAP_FOWNER (fs/attr.c: setattr_prepare → inode_owner_or_capable)',
  EINVAL: 'a tv_nsec out of range (not UTIME_NOW or UTIME_OMIT) or unknown flags (fs/utimes.c: nsec_valid, do_utimes)',
  EFAULT: 'times is not a readable struct timespec[2] (kernel/time/time.c: get_timespec64 → copy_from_user)',
};

const OPEN: Rules = {
  EEXIST: 'O_CREAT|O_EXCL and the name exists (fs/namei.c: open_last_lookups → lookup_open)',
  ELOOP: 'the last name is a symbolic link and O_NOFOLLOW forbids following it (fs/namei.c: do_open → may_open)',
  EACCES:
    "the file's mode does not grant the access asked for (fs/namei.c: may_open → inode_permission), or a directory of the path has no search permission (may_lookup), or fs.protected_* refuses an O_CREAT open in a sticky directory (may_create_in_sticky)",
};

/** Rules of calls, by the calls that share a kernel path. */
const BY_CALL: Readonly<Record<string, Rules>> = {
  link: LINK,
  linkat: LINK,
  rename: {
    EXDEV:
      'oldpath and newpath are not on the same mounted filesystem (fs/namei.c: do_renameat2, "old_path.mnt != new_path.mnt")',
  },
  unlink: UNLINK,
  unlinkat: UNLINK,
  rmdir: UNLINK,
  open: OPEN,
  openat: OPEN,
  creat: OPEN,
  chmod: CHMOD,
  fchmod: CHMOD,
  fchmodat: CHMOD,
  chown: CHOWN,
  fchown: CHOWN,
  lchown: CHOWN,
  fchownat: CHOWN,
  access: ACCESS,
  faccessat: ACCESS,
  faccessat2: ACCESS,
  utimensat: UTIMES,
  setuid: SETID,
  setgid: SETID,
  setreuid: SETID,
  setregid: SETID,
  setresuid: SETID,
  setresgid: SETID,
  mount: MOUNT,
  umount2: UMOUNT,
  lseek: {
    ENXIO:
      'SEEK_DATA with no data at or after the offset, or SEEK_HOLE past the end of the file (fs/iomap/seek.c, mm/shmem.c: shmem_file_llseek)',
  },
  read: {
    EISDIR: 'a directory is read with read(), not getdents64 (fs/libfs.c: generic_read_dir)',
    EINVAL: 'the file has no read operation (a btrfs directory: fs/read_write.c: vfs_read)',
  },
  readlink: {
    EINVAL: 'the path does not end in a symbolic link (fs/stat.c: do_readlinkat)',
    ENOENT:
      "a name on the path does not exist, or a /proc link whose target the task no longer has (a zombie's cwd: fs/proc/base.c: proc_cwd_link)",
  },
  getdents64: { ENOENT: 'the directory was removed while open (fs/readdir.c: iterate_dir: IS_DEADDIR)' },
  splice: { EINVAL: 'neither descriptor is a pipe (fs/splice.c: do_splice)' },
  fsconfig: {
    EINVAL:
      "the key does not take this kind of value (relink= takes a string: patch 07's fs_parameter_spec), or the command is unknown (fs/fsopen.c: vfs_fsconfig_locked)",
    EBUSY: 'FSCONFIG_CMD_RECONFIGURE on a context made by fsopen, not fspick (fs/fsopen.c: vfs_fsconfig_locked: phase)',
  },
  fsmount: {
    EINVAL: 'the context has no superblock yet: FSCONFIG_CMD_CREATE has not run (fs/namespace.c: fsmount: !fc->root)',
    EBUSY: 'the context is not awaiting a mount, it has been mounted already (fs/namespace.c: fsmount: fc->phase)',
  },
  fspick: { EINVAL: 'the path is not the root of a mount (fs/fsopen.c: fspick)' },
};

/** Rules every call that walks a path or takes a descriptor shares. */
const ANY_CALL: Rules = {
  ENOENT:
    'a name on the path does not exist, the path is empty without AT_EMPTY_PATH, or the directory it names was removed (fs/namei.c: walk_component, getname, IS_DEADDIR)',
  ENOTDIR:
    'a name used as a directory on the path, or the dirfd, is not a directory (fs/namei.c: link_path_walk, path_init)',
  EACCES:
    'a directory of the path grants the caller no search (x) permission, or the file not the permission the call needs (fs/namei.c: may_lookup → inode_permission)',
  EROFS:
    'the call would change a file on a read-only mount or file system (fs/namespace.c: mnt_want_write → __mnt_is_readonly)',
  EBADF: "the descriptor is not open in the caller's table, or not open for this use (include/linux/file.h: fdget)",
  ELOOP: 'too many symbolic links on the path (fs/namei.c: pick_link: MAXSYMLINKS)',
  ENAMETOOLONG: 'a name is longer than NAME_MAX, or the path than PATH_MAX (fs/namei.c: getname, link_path_walk)',
  EEXIST: 'the name to create exists already (fs/namei.c: filename_create)',
};

/** The rule behind `errno` from `call`, or null when the table has none. */
export function refusalReason(call: string, errno: Errno): string | null {
  return BY_CALL[call]?.[errno] ?? ANY_CALL[errno] ?? null;
}
