/**
 * The task-level parts of a checkpoint: the directories a task holds (cwd, and open directories
 * that were removed) and the descriptors it got from outside. Restart must never follow a name
 * that merely looks like the one a task held, so a directory is recorded only in a form restart
 * can reproduce exactly, and anything else refuses the checkpoint with its reason:
 *
 * - a live directory by its path as the checkpointer sees it, after checking that this path
 *   reaches the same directory from the checkpointer (not an over-mount, not another namespace's
 *   mount, not a look-alike such as "/d (deleted)");
 * - a removed directory (rmdir while held) as a dead directory: name, parent and mode, so that
 *   restart recreates it as a placeholder, holds it, and removes it again (restore-task.ts);
 * - an outside file (stdin and the like) as inherited from the restarter (ImageInherited).
 */
import type { FileId, InodeId, MountId } from '../model/ids.js';
import type { ImageDeadDir, ImageDir, ImageInherited } from '../model/image.js';
import type { Path } from '../model/mount.js';
import type { Task } from '../model/task.js';
import { AT_FDCWD } from '../model/flags.js';
import { pathInMount, recordMount } from './checkpoint-mounts.js';
import { LOOKUP_DIRECTORY, LOOKUP_FOLLOW, filenameLookup } from '../ops/vfs/namei.js';
import { dPath } from '../ops/vfs/d-path.js';
import { dUnlinked } from '../ops/vfs/namespace.js';
import { CheckpointFailure, ModelBug } from '../model/errors.js';
import { rDentry, rFile, rInode, rMount, type RWorld } from '../ops/vfs/world-draft.js';

/** The dead directories of one image, by inode, parents first (the order restart makes them). */
export type DeadDirs = Map<InodeId, ImageDeadDir>;

/**
 * How restart finds `p` (a directory `task` holds, described as `what` in a refusal) again.
 * The checkpointer and the restarter are one root task's view (same root, same namespace).
 */
export function recordDir(w: RWorld, checkpointer: Task, task: Task, p: Path, what: string, dead: DeadDirs): ImageDir {
  const d = rDentry(w, p.dentry);
  if (d.d_inode === null) throw new ModelBug(`${what}: a held dentry is negative`);
  if (!dUnlinked(w, p.dentry)) {
    const path = reachablePath(w, checkpointer, task, p, what);
    return { kind: 'path', path, mount: recordMount(w, checkpointer, task, p), mntPath: pathInMount(w, p) };
  }
  const key = d.d_inode;
  if (!dead.has(key)) {
    // A removed directory is still below its old parent (d_parent stays), on the same mount;
    // unless it is a mount's root (a bind mount of a directory removed since): restart could
    // recreate the directory, not the mount of it.
    if (rMount(w, p.mnt).mnt_root === p.dentry)
      throw new CheckpointFailure(
        'EXDEV',
        `${what} is the root of a mount and was removed: restart cannot mount it again`,
      );
    const parent = recordDir(w, checkpointer, task, { mnt: p.mnt, dentry: d.d_parent }, what, dead);
    const inode = rInode(w, key);
    // The restarter (root) makes the placeholder; the model has no chown to give it another owner.
    if (inode.i_uid !== 0 || inode.i_gid !== 0)
      throw new CheckpointFailure(
        'EPERM',
        `${what} was removed and is owned by ${inode.i_uid}:${inode.i_gid}: restart could not recreate its owner (no chown)`,
      );
    dead.set(key, { key, parent, name: d.d_name, mode: inode.i_mode & 0o7777 });
  }
  return { kind: 'dead', key };
}

/** Where restart makes the placeholder of a dead directory: under its parent's path or placeholder. */
export function deadDirPath(dead: DeadDirs, key: number): string {
  const d = dead.get(key as InodeId);
  if (d === undefined) throw new ModelBug(`dead directory ${key} not recorded`);
  const parent = d.parent.kind === 'path' ? d.parent.path : deadDirPath(dead, d.parent.key);
  return parent.endsWith('/') ? parent + d.name : `${parent}/${d.name}`;
}

/**
 * The path of a live directory as the checkpointer sees it, checked to lead back to it. A task in
 * another mount namespace holds its namespace's copy of a mount: the same directory of the same
 * superblock through another vfsmount is accepted then (restart restores tasks into the
 * restarter's namespace), never a different directory under the same name.
 */
function reachablePath(w: RWorld, checkpointer: Task, task: Task, p: Path, what: string): string {
  const path = dPath(w, checkpointer, p);
  const found = filenameLookup(w, checkpointer, AT_FDCWD, path, LOOKUP_FOLLOW | LOOKUP_DIRECTORY);
  const at = found.ok && found.value.kind === 'path' ? found.value.path : null;
  if (at !== null && at.dentry === p.dentry && sameMount(w, checkpointer, task, at.mnt, p.mnt)) return path;
  throw new CheckpointFailure(
    'EXDEV',
    `${what} ${path} is not reachable by that name from the checkpointer (another mount or mount namespace)`,
  );
}

/** `mine` (the checkpointer's) is `theirs` (the task's), or the copy of it in the task's namespace. */
function sameMount(w: RWorld, checkpointer: Task, task: Task, mine: MountId, theirs: MountId): boolean {
  if (mine === theirs) return true;
  const a = rMount(w, mine);
  const b = rMount(w, theirs);
  return task.mnt_ns !== checkpointer.mnt_ns && a.mnt_sb === b.mnt_sb && a.mnt_root === b.mnt_root;
}

/**
 * A task's root must be the checkpointer's, which is the restarter's: a task the restarter forks
 * gets its root (kernel/fork.c: copy_fs) and restart has no chroot. A namespace's copy of the
 * root mount is the same root.
 */
export function checkRoot(w: RWorld, checkpointer: Task, task: Task): void {
  const mine = checkpointer.root;
  const theirs = task.root;
  if (mine.dentry === theirs.dentry && sameMount(w, checkpointer, task, mine.mnt, theirs.mnt)) return;
  throw new CheckpointFailure(
    'EXDEV',
    `pid ${task.pid} root ${dPath(w, checkpointer, theirs)} is not the checkpointer's root: restart has no chroot`,
  );
}

/**
 * An fd on the internal anon mount: an outside file (installOutsideFile: stdin and the like) is
 * recorded as the checkpointer's fd that holds the same file, and restart hands over the
 * restarter's file at that number (the checkpointer and the restarter share their terminal, as a
 * restore tool passes its own on: CRIU's --inherit-fd). An outside file the checkpointer does not
 * hold cannot be handed over, and anything else there (an fs_context from fsopen/fspick) cannot be
 * checkpointed at all: the image has no way to save or rebuild its configuration. Both refuse.
 */
export function recordInherited(
  w: RWorld,
  checkpointer: Task,
  pid: number,
  fd: number,
  file: FileId,
  inherited: Map<FileId, ImageInherited>,
): void {
  if (rFile(w, file).f_fs_context !== undefined)
    throw new CheckpointFailure('EBADF', `pid ${pid} fd ${fd} is a file system context (fsopen): not checkpointable`);
  if (inherited.has(file)) return;
  const mine = Object.entries(w.fdtables[checkpointer.files]?.fds ?? {}).find(([, e]) => e.file === file);
  if (mine === undefined)
    throw new CheckpointFailure(
      'EBADF',
      `pid ${pid} fd ${fd} came from outside and the checkpointer does not hold it: restart could not hand it over`,
    );
  inherited.set(file, { key: file, restarterFd: Number(mine[0]) });
}
