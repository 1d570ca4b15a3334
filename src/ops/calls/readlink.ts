/** readlink and readlinkat: fs/stat.c do_readlinkat → vfs_readlink (and procfs' proc_pid_readlink). */
import { AT_FDCWD } from '../../model/flags.js';
import type { Pid } from '../../model/ids.js';
import { filenameLookup, LOOKUP_EMPTY } from '../vfs/namei.js';
import { procLinkTarget } from '../vfs/namei-proc.js';
import { dPath } from '../vfs/d-path.js';
import { Unmodelled } from '../../model/errors.js';
import { fail, ok, type SysResult } from '../vfs/result.js';
import type { SyscallOf } from '../../model/syscall/syscall.js';
import { rDentry, rInode, rTask, type MWorld } from '../vfs/world-draft.js';
import type { Handlers } from './handler.js';

/**
 * fs/stat.c: do_readlinkat — bufsiz <= 0 is EINVAL before anything else; the last component is not
 * followed; a non-symlink is EINVAL (ENOENT when the name was empty: AT_EMPTY_PATH on a non-link);
 * the text is cut to bufsiz bytes, without a NUL. A /proc magic link (fd/N, cwd, root) reads as
 * the path it leads to, from the reader's root, " (deleted)" appended when the name is gone
 * (fs/proc/base.c: proc_pid_readlink → do_proc_readlink → d_path).
 */
function doReadlinkat(w: MWorld, pid: Pid, dfd: number, name: string, bufsiz: number): SysResult {
  if (bufsiz <= 0) return fail('EINVAL');
  const task = rTask(w, pid);
  const r = filenameLookup(w, task, dfd, name, LOOKUP_EMPTY);
  if (!r.ok) return fail(r.errno);
  let text: string;
  const at = r.value;
  if (at.kind === 'proc-fd' || at.kind === 'proc-link') {
    const target = procLinkTarget(w, task, at);
    if (!target.ok) return fail(target.errno);
    text = dPath(w, task, target.value);
  } else if (at.kind === 'proc-dir') {
    if (at.level === 'pid') throw new Unmodelled('readlink of /proc/self or /proc/PID');
    return fail('EINVAL');
  } else {
    const ino = rDentry(w, at.path.dentry).d_inode;
    const inode = ino === null ? null : rInode(w, ino);
    if (inode === null || inode.type !== 'symlink' || inode.i_link === null) {
      return fail(name.length === 0 ? 'ENOENT' : 'EINVAL');
    }
    text = inode.i_link;
  }
  const out = text.slice(0, bufsiz);
  return ok(out.length, { link: out });
}

export function sys_readlink(w: MWorld, pid: Pid, sc: SyscallOf<'readlink'>): SysResult {
  return doReadlinkat(w, pid, AT_FDCWD, sc.path, sc.bufsiz);
}

export function sys_readlinkat(w: MWorld, pid: Pid, sc: SyscallOf<'readlinkat'>): SysResult {
  return doReadlinkat(w, pid, sc.dirfd, sc.path, sc.bufsiz);
}

/** This family's part of the syscall table (src/ops/run/table.ts). */
export const READLINK_CALLS: Handlers<'readlink' | 'readlinkat'> = {
  readlink: sys_readlink,
  readlinkat: sys_readlinkat,
};
