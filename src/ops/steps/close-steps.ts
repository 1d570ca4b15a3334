/**
 * close(2) in up to four steps, cut where the last reference's release crosses into another
 * object's lock (fs/file.c: close_fd; fs/file_table.c: fput, __fput; fs/dcache.c: dput; fs/inode.c:
 * iput):
 *
 * 1. close_fd: the slot is cleared under files->file_lock; its file reference goes to filp_close.
 * 2. fput: the reference is dropped; the last one runs __fput (task_work, before the return to user
 *    space): ->release (a fifo end goes), the struct file is freed, its path handed to dput.
 * 3. dput: the file's dentry and mount are put; an unhashed dentry dies (__dentry_kill) and drops
 *    its inode reference.
 * 4. iput: iput_final → evict: an inode with no links and no users leaves the orphan list
 *    (ext4_evict_inode → ext4_orphan_del) and is freed.
 *
 * Step 3 keeps an inode reference until step 4 so that the eviction is a step of its own; nothing
 * can reach an inode in between (the kernel marks it I_FREEING), so this adds no behaviour.
 */
import type { Pid } from '../../model/ids.js';
import { fput, pathGet } from '../vfs/refs.js';
import { fail, ok, type SysResult } from '../vfs/result.js';
import { fdtableOf, rDentry, rFile, rTask, type MWorld } from '../vfs/world-draft.js';
import { adopt, callOf, disown, endInflight, goTo, held, hold, inflightOf, release } from './inflight.js';
import { NO_LOCKS, type SplitCall } from './types.js';
import { ownField } from '../vfs/own-field.js';

function closeFdStep(w: MWorld, pid: Pid): SysResult | null {
  const sc = callOf(w, pid, 'close');
  const table = fdtableOf(w, rTask(w, pid).files);
  const entry = table.fds[sc.fd];
  if (entry === undefined) return endInflight(w, pid, fail('EBADF'));
  const file = entry.file;
  delete ownField(table, 'fds')[sc.fd];
  adopt(w, pid, 'file', { kind: 'file', file });
  return goTo(w, pid, 'fput');
}

function fputStep(w: MWorld, pid: Pid): SysResult | null {
  const file = held(w, pid, 'file', 'file').file;
  const f = rFile(w, file);
  if (f.f_count > 1) {
    release(w, pid, 'file');
    return endInflight(w, pid, ok(0));
  }
  // __fput: keep the path alive past the struct file, as __fput's own dput/mntput come last.
  const path = { mnt: f.f_path.mnt, dentry: f.f_path.dentry };
  pathGet(w, path);
  adopt(w, pid, 'path', { kind: 'path', path });
  disown(w, pid, 'file');
  fput(w, file);
  return goTo(w, pid, 'dput');
}

function dputStep(w: MWorld, pid: Pid): SysResult | null {
  const path = held(w, pid, 'path', 'path').path;
  const ino = rDentry(w, path.dentry).d_inode;
  if (ino !== null) hold(w, pid, 'inode', { kind: 'inode', inode: ino });
  release(w, pid, 'path');
  return goTo(w, pid, 'iput');
}

function iputStep(w: MWorld, pid: Pid): SysResult {
  if (inflightOf(w, pid)?.refs['inode'] !== undefined) release(w, pid, 'inode');
  return endInflight(w, pid, ok(0));
}

export const CLOSE: SplitCall = {
  first: 'close_fd',
  steps: {
    close_fd: {
      doc: 'fs/file.c: close_fd → pick_file under files->file_lock; the reference goes to filp_close',
      takes: NO_LOCKS,
      run: closeFdStep,
    },
    fput: {
      doc: 'fs/file_table.c: fput; the last reference runs __fput: ->release, the file freed, its path to dput',
      takes: NO_LOCKS,
      run: fputStep,
    },
    dput: {
      doc: "fs/dcache.c: dput(dentry), mntput(mnt) — an unhashed dentry's last put kills it (__dentry_kill)",
      takes: NO_LOCKS,
      run: dputStep,
    },
    iput: {
      doc: 'fs/inode.c: iput → iput_final → evict (ext4_evict_inode → ext4_orphan_del) for an inode with no links',
      takes: NO_LOCKS,
      run: iputStep,
    },
  },
};
