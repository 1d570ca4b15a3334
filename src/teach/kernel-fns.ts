/**
 * Which kernel functions a step goes through, and which helper makes each kind of change, so the
 * narration can name them. The paths follow the comments of the handlers in src/ops/.
 */
import type { SyscallName } from '../model/syscall/syscall.js';
import type { Step } from '../scenario/parse.js';
import { AT_REMOVEDIR } from '../model/flags.js';
import { I_FREEING, I_LINKABLE, I_TMPFILE_EXCL, S_APPEND, S_DEAD, S_IMMUTABLE } from '../model/inode.js';
import { MNT_NODEV, MNT_NOEXEC, MNT_NOSUID, MNT_READONLY } from '../model/mount.js';
import { SB_RDONLY } from '../model/superblock.js';

const OPEN = 'fs/open.c: do_sys_openat2 → path_openat';
const STAT = 'fs/stat.c: vfs_statx';
const LINK = 'fs/namei.c: do_linkat → vfs_link';
const RENAME = 'fs/namei.c: do_renameat2 → vfs_rename';
const MKDIR = 'fs/namei.c: do_mkdirat → vfs_mkdir';
const SYMLINK = 'fs/namei.c: do_symlinkat → vfs_symlink';
const READLINK = 'fs/stat.c: do_readlinkat';
const MKNOD = 'fs/namei.c: do_mknodat → vfs_mknod';
const CLONE = 'kernel/fork.c: kernel_clone → copy_process';
const EXIT = 'kernel/exit.c: do_exit → exit_files';

const CALL_PATHS: Readonly<Record<SyscallName, string>> = {
  open: OPEN,
  openat: OPEN,
  creat: OPEN,
  close: 'fs/open.c: close_fd → filp_close',
  read: 'fs/read_write.c: ksys_read → vfs_read',
  write: 'fs/read_write.c: ksys_write → vfs_write',
  pread64: 'fs/read_write.c: ksys_pread64 → vfs_read',
  pwrite64: 'fs/read_write.c: ksys_pwrite64 → vfs_write',
  lseek: 'fs/read_write.c: ksys_lseek → vfs_llseek',
  truncate: 'fs/open.c: do_sys_truncate → vfs_truncate',
  ftruncate: 'fs/open.c: do_sys_ftruncate → do_truncate',
  stat: STAT,
  lstat: STAT,
  fstat: 'fs/stat.c: vfs_fstat',
  newfstatat: STAT,
  statx: STAT,
  link: LINK,
  linkat: LINK,
  unlink: 'fs/namei.c: do_unlinkat → vfs_unlink',
  unlinkat: 'fs/namei.c: do_unlinkat → vfs_unlink',
  mkdir: MKDIR,
  mkdirat: MKDIR,
  rmdir: 'fs/namei.c: do_rmdir → vfs_rmdir',
  rename: RENAME,
  renameat: RENAME,
  renameat2: RENAME,
  symlink: SYMLINK,
  symlinkat: SYMLINK,
  readlink: READLINK,
  readlinkat: READLINK,
  mknod: MKNOD,
  mknodat: MKNOD,
  chdir: 'fs/open.c: chdir → set_fs_pwd',
  fchdir: 'fs/open.c: fchdir → set_fs_pwd',
  dup: 'fs/file.c: dup → fd_install',
  dup2: 'fs/file.c: dup2 → do_dup2',
  dup3: 'fs/file.c: ksys_dup3 → do_dup2',
  close_range: 'fs/file.c: __close_range → __range_close (or __range_cloexec)',
  copy_file_range: 'fs/read_write.c: vfs_copy_file_range → generic_copy_file_checks → do_splice_direct',
  sendfile: 'fs/read_write.c: do_sendfile → do_splice_direct (or splice_file_to_pipe)',
  splice: 'fs/splice.c: __do_splice → do_splice → splice_file_to_pipe, do_splice_from or splice_pipe_to_pipe',
  fcntl: 'fs/fcntl.c: do_fcntl',
  fork: CLONE,
  vfork: CLONE,
  clone: CLONE,
  execve: 'fs/exec.c: do_execveat_common → do_close_on_exec',
  exit: EXIT,
  exit_group: EXIT,
  getdents64: 'fs/readdir.c: iterate_dir',
  umask: 'kernel/sys.c: umask',
  setuid: 'kernel/sys.c: __sys_setuid',
  setgid: 'kernel/sys.c: __sys_setgid',
  mount: 'fs/namespace.c: path_mount',
  umount2: 'fs/namespace.c: path_umount',
  fsopen: 'fs/fsopen.c: fsopen → fs_context_for_mount → fscontext_create_fd',
  fspick: 'fs/fsopen.c: fspick → fs_context_for_reconfigure → fscontext_create_fd',
  fsconfig: 'fs/fsopen.c: fsconfig → vfs_fsconfig_locked → vfs_parse_fs_param',
  fsmount: 'fs/namespace.c: fsmount',
};

/** The kernel path of a whole step (a syscall, or one of the checkpoint/restart flow's steps). */
export function stepPath(s: Step): string {
  switch (s.kind) {
    case 'split':
      return `one lock-bounded step${s.step === null ? '' : ` (${s.step})`} of ${s.sc === null ? `pid ${s.pid}'s call` : CALL_PATHS[s.sc.call]}`;
    case 'call':
      if (s.sc.call === 'unlinkat' && (s.sc.flags & AT_REMOVEDIR) !== 0) return 'fs/namei.c: do_rmdir → vfs_rmdir';
      return CALL_PATHS[s.sc.call];
    case 'checkpoint':
      return s.strategy === 'relink'
        ? 'checkpoint (patch 04): do_linkat → vfs_link → ->relink for each unlinked file'
        : `checkpoint with the ${s.strategy} strategy`;
    case 'kill':
      return EXIT;
    case 'backup':
      return 'a backup of the root file system onto a fresh machine';
    case 'restart':
      return 'restart (patch 04): openat, dup2, then vfs_unlink of the relinked names';
    case 'cleanup':
      return 'the cleanup helper (patch 10): newfstatat, then vfs_unlink';
    case 'assert':
      return 'fs/readdir.c: iterate_dir (a look only)';
  }
}

/** The function that changed i_nlink: the step's vfs_* operation, or ->relink when it raised 0 to 1. */
export function nlinkActor(s: Step, from: number, to: number): string {
  if (to > from && from === 0 && s.kind === 'checkpoint') return 'vfs_link → ->relink (generic_relink, patch 02)';
  const path = stepPath(s);
  const vfs = /vfs_\w+/.exec(path.split(': ').pop() ?? '');
  if (s.kind === 'call' && vfs !== null) return vfs[0];
  return to < from ? 'vfs_unlink' : 'vfs_link';
}

/** Get/put helpers of each counted field, by table.field (src/ops/vfs/refs.ts). */
export const COUNT_HELPERS: Readonly<Record<string, readonly [get: string, put: string]>> = {
  'inodes.i_count': ['ihold', 'iput'],
  'dentries.d_count': ['dget', 'dput'],
  'mounts.mnt_count': ['mntget', 'mntput'],
  'files.f_count': ['get_file', 'fput'],
  'superblocks.s_active': ['grab_super', 'deactivate_super'],
  'fdtables.count': ['copy_files', 'put_files_struct'],
  'mntns.count': ['get_mnt_ns', 'put_mnt_ns'],
};

/** Allocators and destructors per table. */
export const LIFECYCLE: Readonly<Record<string, readonly [alloc: string, free: string]>> = {
  inodes: ['new_inode', 'evict'],
  dentries: ['d_alloc', '__dentry_kill'],
  files: ['alloc_empty_file', '__fput'],
  fdtables: ['dup_fd', 'put_files_struct'],
  tasks: ['copy_process', 'release_task'],
  mounts: ['clone_mnt', 'cleanup_mnt'],
  superblocks: ['sget_fc', 'generic_shutdown_super'],
  mntns: ['copy_mnt_ns', 'free_mnt_ns'],
};

/** Bit names of the flag fields the narration shows, by field. */
export const FLAG_NAMES: Readonly<Record<string, readonly (readonly [number, string])[]>> = {
  i_flags: [
    [S_APPEND, 'S_APPEND'],
    [S_IMMUTABLE, 'S_IMMUTABLE'],
    [S_DEAD, 'S_DEAD'],
  ],
  i_state: [
    [I_LINKABLE, 'I_LINKABLE'],
    [I_FREEING, 'I_FREEING'],
    [I_TMPFILE_EXCL, 'I_TMPFILE_EXCL'],
  ],
  mnt_flags: [
    [MNT_NOSUID, 'MNT_NOSUID'],
    [MNT_NODEV, 'MNT_NODEV'],
    [MNT_NOEXEC, 'MNT_NOEXEC'],
    [MNT_READONLY, 'MNT_READONLY'],
  ],
  s_flags: [[SB_RDONLY, 'SB_RDONLY']],
};

/** "S_DEAD|0x100" style: named bits first, anything unnamed in hex. */
export function flagsText(v: number, names: readonly (readonly [number, string])[]): string {
  if (v === 0) return '0';
  let rest = v;
  const parts: string[] = [];
  for (const [bit, name] of names) {
    if ((v & bit) === 0) continue;
    parts.push(name);
    rest &= ~bit;
  }
  if (rest !== 0) parts.push(`0x${rest.toString(16)}`);
  return parts.join('|');
}
