/**
 * A dentry of superblock S is reached only through a mount of S: every path the world holds (an
 * open file's f_path, a task's root and cwd, a path a call in flight holds) pairs a mount with a
 * dentry of that mount's superblock, a mount's root is a dentry of its own superblock and its
 * mountpoint one of its parent's, and relink_dir is a dentry of the superblock it is set on
 * (fs/namespace.c: a vfsmount and its mnt_sb; fs/namei.c: path walks cross superblocks only at a
 * mountpoint, follow_mount / follow_dotdot).
 */
import type { DentryId, MountId } from '../model/ids.js';
import type { World } from '../model/world.js';
import type { Violation } from './violation.js';

export function pathsOnTheirMount(w: World): Violation[] {
  const out: Violation[] = [];
  const check = (what: string, mnt: MountId, dentry: DentryId): void => {
    const m = w.mounts[mnt];
    const d = w.dentries[dentry];
    if (m === undefined || d === undefined || d.d_sb === m.mnt_sb) return; // noDanglingIds says the rest
    out.push({
      invariant: 'pathsOnTheirMount',
      message: `${what} pairs mount ${mnt} (superblock ${m.mnt_sb}) with dentry ${dentry} of superblock ${d.d_sb}`,
    });
  };
  for (const m of Object.values(w.mounts)) {
    check(`mount ${m.id}'s root`, m.id, m.mnt_root);
    if (m.mnt_parent !== m.id && m.mnt_ns !== null) check(`mount ${m.id}'s mountpoint`, m.mnt_parent, m.mnt_mountpoint);
  }
  for (const f of Object.values(w.files)) check(`file ${f.id}`, f.f_path.mnt, f.f_path.dentry);
  for (const t of Object.values(w.tasks)) {
    if (t.state === 'zombie') continue;
    check(`task ${t.pid}'s root`, t.root.mnt, t.root.dentry);
    check(`task ${t.pid}'s cwd`, t.pwd.mnt, t.pwd.dentry);
  }
  for (const [pid, call] of Object.entries(w.inflight ?? {})) {
    for (const [name, ref] of Object.entries(call.refs)) {
      if (ref.kind === 'path') check(`task ${pid}'s ${name} path`, ref.path.mnt, ref.path.dentry);
    }
  }
  for (const sb of Object.values(w.superblocks)) {
    const d = sb.s_relink_dir === null ? undefined : w.dentries[sb.s_relink_dir];
    if (d !== undefined && d.d_sb !== sb.id) {
      out.push({
        invariant: 'pathsOnTheirMount',
        message: `superblock ${sb.id}'s relink_dir is dentry ${d.id} of superblock ${d.d_sb}`,
      });
    }
  }
  return out;
}
