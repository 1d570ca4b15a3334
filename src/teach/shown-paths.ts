/**
 * Paths the way the kernel shows them to a task (fs/d_path.c: d_path through the path's own
 * mount), for the picture: a file opened as /c/f through a bind mount of /data reads /c/f in
 * /proc/PID/fd, not the /data/f its dentry has from the file system's root.
 */
import type { File } from '../model/file.js';
import type { Mount } from '../model/mount.js';
import type { Task } from '../model/task.js';
import type { World } from '../model/world.js';
import { dPath } from '../ops/vfs/d-path.js';
import { dentryPath } from './labels.js';

/** A task holding the file in an fd table: its view is the one /proc/PID/fd shows. */
function holderOf(w: World, f: File): Task | undefined {
  const tables = new Set(
    Object.values(w.fdtables)
      .filter((t) => Object.values(t.fds).some((e) => e.file === f.id))
      .map((t) => t.id),
  );
  return Object.values(w.tasks).find((t) => tables.has(t.files));
}

/** The file's name as its holder's /proc/PID/fd/N reads it; from the dentry alone when no task holds it. */
export function fileShownPath(w: World, f: File): string {
  const task = holderOf(w, f) ?? Object.values(w.tasks)[0];
  return task === undefined ? dentryPath(w, f.f_path.dentry) : dPath(w, task, f.f_path);
}

/** Where a mount is mounted, as a task of its namespace sees it (mountinfo's mount point); null for a detached one. */
export function mountPlace(w: World, m: Mount): string | null {
  const task = Object.values(w.tasks).find((t) => t.mnt_ns === m.mnt_ns);
  if (task === undefined || m.mnt_ns === null) return null;
  return dPath(w, task, { mnt: m.id, dentry: m.mnt_root });
}
