/**
 * kernel/exit.c: do_exit, for what the model keeps: exit_files, exit_fs, exit_task_namespaces, in
 * that order. The task stays as a zombie (nothing reaps it: the model has no wait4); its children
 * keep their ppid (reparenting is not observable through the modelled calls).
 */
import type { Pid } from '../../model/ids.js';
import { closeFd } from '../vfs/fdtable.js';
import { putMntNs } from '../vfs/namespace.js';
import { fput, pathPut } from '../vfs/refs.js';
import { ModelBug } from '../../model/errors.js';
import { fdtableOf, taskOf, type MWorld } from '../vfs/world-draft.js';
import { dropRecord } from '../vfs/touch-log.js';

/** `code` is the kernel's exit_code: (status & 0xff) << 8 for exit and exit_group. */
export function doExit(w: MWorld, pid: Pid, code: number): void {
  const task = taskOf(w, pid);
  if (task.state === 'zombie') throw new ModelBug(`do_exit of task ${pid}, already a zombie`);
  if (task.state === 'blocked') interruptSleep(w, pid);
  exitFiles(w, pid);
  // exit_fs → free_fs_struct: path_put(root), path_put(pwd).
  pathPut(w, { mnt: task.root.mnt, dentry: task.root.dentry });
  pathPut(w, { mnt: task.pwd.mnt, dentry: task.pwd.dentry });
  // exit_task_namespaces → put_mnt_ns.
  putMntNs(w, task.mnt_ns);
  task.state = 'zombie';
  task.exit_code = code;
}

/**
 * A fatal signal ends a sleep before do_exit runs: the sleeping call returns -ERESTARTSYS and lets
 * go of what it held. fifo_open's half-open file is put on its error path (fs/pipe.c: fifo_open,
 * err_rd/err_wr drop the reader or writer; do_dentry_open's caller fputs the file); a sleeping
 * pipe_read holds nothing, and bytes a sleeping pipe_write already copied stay in the pipe.
 */
function interruptSleep(w: MWorld, pid: Pid): void {
  const task = taskOf(w, pid);
  const held = task.blocked?.file ?? null;
  task.blocked = null;
  task.state = 'running';
  if (held !== null) fput(w, held);
}

/** fs/file.c: exit_files → put_files_struct — the last user closes every fd, lowest first. */
function exitFiles(w: MWorld, pid: Pid): void {
  const id = taskOf(w, pid).files;
  const table = fdtableOf(w, id);
  table.count--;
  if (table.count > 0) return;
  const fds = Object.keys(table.fds)
    .map(Number)
    .sort((a, b) => a - b);
  for (const fd of fds) closeFd(w, id, fd);
  dropRecord(w.fdtables, id);
}
