/**
 * Which kernel functions a step goes through, and which helper makes each kind of change, so the
 * narration can name them. Each call's path is its descriptor's (src/model/syscall/table.ts).
 */
import { SYSCALLS } from '../model/syscall/table.js';
import type { Step } from '../scenario/parse.js';
import { AT_REMOVEDIR } from '../model/flags.js';
import { I_FREEING, I_LINKABLE, I_TMPFILE_EXCL, S_APPEND, S_DEAD, S_IMMUTABLE } from '../model/inode.js';
import { MNT_NODEV, MNT_NOEXEC, MNT_NOSUID, MNT_READONLY } from '../model/mount.js';
import { SB_RDONLY } from '../model/superblock.js';

const EXIT = SYSCALLS.exit.kernel;

/** The kernel path of a whole step (a syscall, or one of the checkpoint/restart flow's steps). */
export function stepPath(s: Step): string {
  switch (s.kind) {
    case 'split':
      return `one lock-bounded step${s.step === null ? '' : ` (${s.step})`} of ${s.sc === null ? `pid ${s.pid}'s call` : SYSCALLS[s.sc.call].kernel}`;
    case 'call':
      if (s.sc.call === 'unlinkat' && (s.sc.flags & AT_REMOVEDIR) !== 0) return 'fs/namei.c: do_rmdir → vfs_rmdir';
      return SYSCALLS[s.sc.call].kernel;
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
