/**
 * What checkpoint records of the mount an open file was reached through: the mountinfo line of
 * f_path.mnt (fs/proc_namespace.c: show_mountinfo) and the file's path inside that mount. A path
 * through the checkpointer's or the restarter's namespace would not do: a bind mount, or a mount
 * in a task's own namespace, shows another directory at the same path (criu/files-reg.c keeps
 * mnt_id with each file for this reason, and criu/mount.c the mount tree).
 */
import type { DentryId } from '../model/ids.js';
import type { ImageMount } from '../model/image.js';
import { MNT_NODEV, MNT_NOEXEC, MNT_NOSUID, MNT_READONLY, type Path } from '../model/mount.js';
import type { Task } from '../model/task.js';
import { dPath } from '../ops/vfs/d-path.js';
import { ModelBug } from '../model/errors.js';
import { rDentry, rMount, rSb, type RWorld } from '../ops/vfs/world-draft.js';

/** The per-mount options mountinfo shows (fs/proc_namespace.c: show_mnt_opts and "ro"). */
export const MOUNT_OPTIONS = MNT_READONLY | MNT_NOSUID | MNT_NODEV | MNT_NOEXEC;

/** The names from `top` down to `d` (excluded `top`), joined with "/": "" when d is top. */
function namesBelow(w: RWorld, d: DentryId, top: DentryId): string {
  const parts: string[] = [];
  for (let cur = d; cur !== top;) {
    const dentry = rDentry(w, cur);
    // The file system's root reached before `top`: `d` is not below it (a bug of the caller).
    if (dentry.d_parent === cur) throw new ModelBug(`dentry ${d} is not below dentry ${top}`);
    parts.unshift(dentry.d_name);
    cur = dentry.d_parent;
  }
  return parts.join('/');
}

/**
 * fs/d_path.c: the mount-relative part of prepend_path — the file's path from its mount's root,
 * "/"-rooted. An unlinked dentry keeps its d_parent and d_name, so this is its last name.
 */
export function pathInMount(w: RWorld, p: Path): string {
  return `/${namesBelow(w, p.dentry, rMount(w, p.mnt).mnt_root)}`;
}

/** fs/proc_namespace.c: show_mountinfo — the mount `p.mnt` as `task` sees it. */
export function recordMount(w: RWorld, checkpointer: Task, task: Task, p: Path): ImageMount {
  const m = rMount(w, p.mnt);
  const sb = rSb(w, m.mnt_sb);
  return {
    id: m.mnt_id,
    fstype: sb.s_type,
    dev: sb.s_dev,
    devname: m.mnt_devname,
    // seq_path_root of mnt_root within its superblock.
    root: `/${namesBelow(w, m.mnt_root, sb.s_root)}`,
    mountpoint: dPath(w, task, { mnt: m.id, dentry: m.mnt_root }),
    flags: m.mnt_flags & MOUNT_OPTIONS,
    ns: m.mnt_ns === null ? 'detached' : m.mnt_ns === checkpointer.mnt_ns ? 'checkpointer' : 'other',
  };
}
