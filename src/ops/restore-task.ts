/**
 * The task-level parts of a restart (checkpoint-task.ts records them): descriptors handed over
 * from the restarter, and removed directories recreated dead. Everything is done with syscalls by
 * the restarter, so the restart can be replayed on a kernel.
 *
 * A removed directory comes back the way linux-cr restored one: mkdir a placeholder under its old
 * name in its old parent, let the tasks hold it (open, chdir), then rmdir it. The task then holds
 * an empty, nameless directory with i_nlink 0 and S_DEAD, as before: creating in it is ENOENT
 * (fs/namei.c: lookup_open and may_create check IS_DEADDIR), getcwd is ENOENT (fs/d_path.c:
 * getcwd checks d_unlinked), /proc/PID/cwd reads "<old path> (deleted)", and ".." is the old
 * parent. Its inode number and times are new. If the old name is taken when restart runs, mkdir
 * fails with EEXIST and the restart with it: restart never enters a directory that merely has
 * the old name.
 */
import type { Errno } from '../model/errno.js';
import type { Pid } from '../model/ids.js';
import type { CheckpointImage, ImageDeadDir, ImageDir } from '../model/image.js';
import { F_DUPFD } from '../model/flags.js';
import { isOutsideFile } from './boot.js';
import type { SysResult } from './result.js';
import type { Syscall } from './syscalls.js';
import { taskOf, type MWorld } from './world-draft.js';

type Answer = Extract<SysResult, { ok: true }>;

/** The restarter as restart.ts drives it. */
export interface Restarter {
  readonly w: MWorld;
  readonly pid: Pid;
  /** One syscall by the restarter; a failure aborts the restart (restart.ts: sys). */
  run(sc: Syscall): Answer;
  /** Abort the restart at `call`, which answered what restart cannot accept. */
  refuse(errno: Errno, call: string): never;
}

/**
 * Each outside file a task had, taken from the restarter's fd of the same number and moved above
 * `maxFd` like the image's own files. It must be an outside file there too (the same kind of
 * object the task had), else EBADF: restart hands over nothing else in its place.
 */
export function inheritFds(r: Restarter, image: CheckpointImage, maxFd: number, temps: Map<number, number>): void {
  for (const inh of image.inherited) {
    const high = r.run({ call: 'fcntl', fd: inh.restarterFd, cmd: F_DUPFD, arg: maxFd + 1 }).ret;
    const held = r.w.fdtables[taskOf(r.w, r.pid).files]?.fds[high]?.file;
    if (held === undefined || !isOutsideFile(r.w, held)) r.refuse('EBADF', 'fcntl');
    temps.set(inh.key, high);
  }
}

/** Where a directory of the image is when restart holds it: a live path, or a placeholder's. */
export function dirPath(dir: ImageDir, placeholders: ReadonlyMap<number, string>): string {
  if (dir.kind === 'path') return dir.path;
  const p = placeholders.get(dir.key);
  if (p === undefined) throw new Error(`dead directory ${dir.key} has no placeholder (image out of order)`);
  return p;
}

const join = (parent: string, name: string): string => (parent.endsWith('/') ? parent + name : `${parent}/${name}`);

/**
 * mkdir each dead directory's placeholder (parents first) with its mode exactly (umask 0 meanwhile),
 * and check with stat that it is what the image describes (mode, root's ownership): a set-group-ID
 * parent, for one, would give it another group, and restart refuses that (EPERM at stat).
 */
export function makePlaceholders(r: Restarter, dirs: readonly ImageDeadDir[]): Map<number, string> {
  const placeholders = new Map<number, string>();
  if (dirs.length === 0) return placeholders;
  const old = r.run({ call: 'umask', mask: 0 }).ret;
  for (const d of dirs) {
    const path = join(dirPath(d.parent, placeholders), d.name);
    r.run({ call: 'mkdir', path, mode: d.mode });
    placeholders.set(d.key, path);
    const st = r.run({ call: 'stat', path }).stat;
    if (st === undefined || (st.st_mode & 0o7777) !== d.mode || st.st_uid !== 0 || st.st_gid !== 0)
      r.refuse('EPERM', 'stat');
  }
  r.run({ call: 'umask', mask: old });
  return placeholders;
}

/** rmdir the placeholders, children first, once every task holds what it held. */
export function removePlaceholders(
  r: Restarter,
  dirs: readonly ImageDeadDir[],
  placeholders: ReadonlyMap<number, string>,
): void {
  for (const d of [...dirs].reverse())
    r.run({ call: 'rmdir', path: dirPath({ kind: 'dead', key: d.key }, placeholders) });
}
