/**
 * The syscall table: each family module's handlers joined (arch/x86/entry/syscalls). Its type
 * is derived from the descriptor table (src/model/syscall/table.ts), so a call without a handler
 * does not compile.
 */
import type { SyscallName } from '../../model/syscall/syscall.js';
import type { Handlers } from '../calls/handler.js';
import { resume_open } from '../calls/open.js';
import { resume_write } from '../calls/rw.js';
import { OPEN_CALLS } from '../calls/open.js';
import { RW_CALLS } from '../calls/rw.js';
import { STAT_CALLS } from '../calls/stat.js';
import { READLINK_CALLS } from '../calls/readlink.js';
import { READDIR_CALLS } from '../calls/readdir.js';
import { LINK_CALLS } from '../calls/link.js';
import { UNLINK_CALLS } from '../calls/unlink.js';
import { MKDIR_CALLS } from '../calls/mkdir.js';
import { MKNOD_CALLS } from '../calls/mknod.js';
import { SYMLINK_CALLS } from '../calls/symlink.js';
import { RENAME_CALLS } from '../calls/rename.js';
import { TASK_CALLS } from '../calls/task.js';
import { FD_CALLS } from '../calls/fd.js';
import { MOUNT_CALLS } from '../calls/mount.js';
import { UMOUNT_CALLS } from '../calls/umount.js';
import { FSOPEN_CALLS } from '../calls/fsopen.js';
import { EXEC_CALLS } from '../calls/exec.js';
import { COPY_FILE_RANGE_CALLS } from '../calls/copy-file-range.js';
import { SENDFILE_CALLS } from '../calls/sendfile.js';
import { SPLICE_CALLS } from '../calls/splice.js';
import { ACCESS_CALLS } from '../calls/access.js';
import { SETID_CALLS } from '../calls/setid.js';
import { ATTR_CALLS } from '../calls/attr.js';
import { UTIMES_CALLS } from '../calls/utimes.js';
import { GROUPS_CALLS } from '../calls/groups.js';
import { GETID_CALLS } from '../calls/getid.js';
import { CAPABILITY_CALLS } from '../calls/capability.js';
import { PASSFD_CALLS } from '../calls/passfd.js';

export const HANDLERS: Handlers<SyscallName> = {
  ...OPEN_CALLS,
  ...RW_CALLS,
  ...STAT_CALLS,
  ...READLINK_CALLS,
  ...READDIR_CALLS,
  ...LINK_CALLS,
  ...UNLINK_CALLS,
  ...MKDIR_CALLS,
  ...MKNOD_CALLS,
  ...SYMLINK_CALLS,
  ...RENAME_CALLS,
  ...TASK_CALLS,
  ...FD_CALLS,
  ...MOUNT_CALLS,
  ...UMOUNT_CALLS,
  ...FSOPEN_CALLS,
  ...EXEC_CALLS,
  ...COPY_FILE_RANGE_CALLS,
  ...SENDFILE_CALLS,
  ...SPLICE_CALLS,
  ...ACCESS_CALLS,
  ...SETID_CALLS,
  ...ATTR_CALLS,
  ...UTIMES_CALLS,
  ...GROUPS_CALLS,
  ...GETID_CALLS,
  ...CAPABILITY_CALLS,
  ...PASSFD_CALLS,
};

/**
 * How a sleeping call is retried. Most calls simply run again (a blocked read or write changed
 * nothing); a fifo open already holds its half-open file and only waits for a partner.
 */
export const RESUMERS: Handlers<SyscallName> = {
  ...HANDLERS,
  open: resume_open,
  openat: resume_open,
  creat: resume_open,
  write: resume_write,
};
