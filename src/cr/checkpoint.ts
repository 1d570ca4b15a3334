/**
 * Checkpoint of open files (the relink series, patch 04), with the strategies relinklab compares.
 * Checkpoint runs in the checkpointer's context (a root task), walks the fd tables of the tasks it
 * freezes, and records each open file. An open file whose dentry is unlinked needs its contents
 * to survive until restart; how, is the strategy:
 *
 * - relink (the series): `.relink` gives the inode a name in relink_dir; the backup carries it;
 *   restart reopens and unlinks it. IO: one link per inode, whatever its size.
 * - copy (CRIU without --link-remap): an inode with no name left is a ghost file, its data in the
 *   image up to a limit (1 MiB by default), written back into a new inode; IO: the data, read once
 *   and written twice. An inode that keeps another name is refused (EOPNOTSUPP), as CRIU does.
 * - link-remap (CRIU's remap for a name that is gone while i_nlink > 0): linkat of
 *   /proc/PID/fd/N, which mainline allows only while the inode has a name; otherwise a ghost.
 * - search: find another name of the inode by walking the file system (fails at i_nlink 0).
 * - handle: record (dev, ino) for open_by_handle_at; ext4_iget refuses a handle to an inode with
 *   i_nlink 0 (EXT4_IGET_HANDLE → ESTALE), and a handle means nothing on a restored copy.
 *
 * A checkpoint that fails part-way leaves the names it created in the live file system (that is
 * the series' own problem, patch 10); they are returned so cleanup can remove them.
 */
import type { Cred } from '../model/cred.js';
import type { ImageCred } from '../model/image.js';
import type { Errno } from '../model/errno.js';
import { refusalReason } from '../ops/run/refusals.js';
import type { FileId, InodeId, Pid } from '../model/ids.js';
import type {
  CheckpointImage,
  CheckpointStrategy,
  CreatedName,
  FileSource,
  ImageFd,
  ImageFile,
  ImageInherited,
  ImageTask,
  IoCount,
} from '../model/image.js';
import { AT_FDCWD, AT_SYMLINK_FOLLOW } from '../model/flags.js';
import { pathInMount, recordMount } from './checkpoint-mounts.js';
import { ghostChunks, linkRemapPath, linkRemapRefused, trimLastParent } from './criu-remap.js';
import { allocatedBytes, writtenBytes } from '../ops/vfs/pagecache.js';
import { applyCall } from '../ops/run/step.js';
import { dPath } from '../ops/vfs/d-path.js';
import { dUnlinked, isSubdir } from '../ops/vfs/namespace.js';
import { doRelink, relinkCheck, relinkDirThroughFileMount } from './relink-file.js';
import { relinkDirPrivate } from '../ops/relink/relink-op.js';
import { rDentry, rFile, rInode, rMount, rSb, rTask, type MWorld, type RWorld } from '../ops/vfs/world-draft.js';
import { isOutsideFile } from '../ops/vfs/boot.js';
import { checkRoot, deadDirPath, recordDir, recordInherited, type DeadDirs } from './checkpoint-task.js';
import { CheckpointFailure, ModelBug } from '../model/errors.js';
import type { Task } from '../model/task.js';
import type { Path } from '../model/mount.js';

/** CRIU's default ghost-file size limit (--ghost-limit), 1 MiB. */
const DEFAULT_GHOST_LIMIT = 1 << 20;

export interface CheckpointRequest {
  /** The root task doing the checkpoint (its namespace and credentials). */
  readonly checkpointer: Pid;
  readonly pids: readonly Pid[];
  readonly strategy: CheckpointStrategy;
  /** The copy strategy's per-file limit; larger ghost files fail the checkpoint (EFBIG). */
  readonly ghostLimit?: number;
  /** Failure injection: fail with this errno after this many names were created. */
  readonly failAfterNames?: { readonly count: number; readonly errno: Errno };
}

export type CheckpointResult =
  | { readonly ok: true; readonly image: CheckpointImage }
  | {
      readonly ok: false;
      readonly errno: Errno;
      /** Why, when the errno alone does not say (which task, which fd or directory). */
      readonly reason: string | null;
      readonly createdNames: readonly CreatedName[];
      readonly io: IoCount;
    };

interface Acc {
  bytesRead: number;
  bytesWritten: number;
  metadataOps: number;
  created: CreatedName[];
  /** Removed directories the tasks hold (cwd or open), parents first. */
  deadDirs: DeadDirs;
}

/** The prefix the series' v1 used for relinked names: `unlink-at-restart-<ino>-<n>`. */
export const RELINK_NAME_PREFIX = 'unlink-at-restart-';

/** The task's credentials as the image keeps them. */
function imageCred(c: Cred): ImageCred {
  const { uid, gid, suid, sgid, euid, egid, fsuid, fsgid, groups, cap_effective, cap_permitted, cap_bset } = c;
  // A copy of the groups: the task may be a draft, whose arrays die with it.
  return {
    uid,
    gid,
    suid,
    sgid,
    euid,
    egid,
    fsuid,
    fsgid,
    groups: [...groups],
    cap_effective,
    cap_permitted,
    cap_bset,
  };
}

/** Checkpoint `req.pids`: an image, or the errno and the names already created. */
export function checkpoint(w: MWorld, req: CheckpointRequest): CheckpointResult {
  const acc: Acc = { bytesRead: 0, bytesWritten: 0, metadataOps: 0, created: [], deadDirs: new Map() };
  try {
    const image = buildImage(w, req, acc);
    return { ok: true, image };
  } catch (e) {
    if (!(e instanceof CheckpointFailure)) throw e;
    return { ok: false, errno: e.errno, reason: e.reason, createdNames: acc.created, io: ioOf(acc) };
  }
}

const ioOf = (a: Acc): IoCount => ({
  bytesRead: a.bytesRead,
  bytesWritten: a.bytesWritten,
  metadataOps: a.metadataOps,
});

function buildImage(w: MWorld, req: CheckpointRequest, acc: Acc): CheckpointImage {
  const checkpointer = w.tasks[req.checkpointer];
  if (checkpointer === undefined || checkpointer.state === 'zombie')
    throw new CheckpointFailure('ESRCH', `no task with pid ${req.checkpointer} to checkpoint from`);
  const tasks: ImageTask[] = [];
  const files = new Map<FileId, ImageFile>();
  const inodeSources = new Map<InodeId, FileSource>();
  const inherited = new Map<FileId, ImageInherited>();
  for (const pid of req.pids) {
    const task = w.tasks[pid];
    if (task === undefined || task.state === 'zombie')
      throw new CheckpointFailure('ESRCH', `no task with pid ${pid} to checkpoint`);
    const fds: ImageFd[] = [];
    const table = w.fdtables[task.files];
    for (const [fdKey, entry] of Object.entries(table?.fds ?? {})) {
      const fd = Number(fdKey);
      // Descriptors the model does not look into (stdin and the like, on the internal anon
      // mount) are the environment's: restart takes them from the restarter (checkpoint-task.ts).
      if (isOutsideFile(w, entry.file)) recordInherited(w, checkpointer, pid, fd, entry.file, inherited);
      else if (!files.has(entry.file)) {
        files.set(entry.file, recordFile(w, req, acc, task, fd, entry.file, inodeSources));
      }
      fds.push({ fd, file: entry.file, cloexec: entry.cloexec });
    }
    checkRoot(w, checkpointer, task);
    tasks.push({
      pid,
      fdTable: task.files,
      fds,
      cwd: recordDir(w, checkpointer, task, task.pwd, `pid ${pid} cwd`, acc.deadDirs),
      umask: task.umask,
      cred: imageCred(task.cred),
    });
  }
  return {
    strategy: req.strategy,
    tasks,
    files: [...files.values()],
    inherited: [...inherited.values()],
    deadDirs: [...acc.deadDirs.values()],
    createdNames: acc.created,
    io: ioOf(acc),
  };
}

function recordFile(
  w: MWorld,
  req: CheckpointRequest,
  acc: Acc,
  task: Task,
  fd: number,
  file: FileId,
  inodeSources: Map<InodeId, FileSource>,
): ImageFile {
  const f = rFile(w, file);
  const inode = rInode(w, f.f_inode);
  if (inode.type !== 'reg' && inode.type !== 'dir' && inode.type !== 'fifo')
    throw new CheckpointFailure('EBADF', `a ${inode.type} file, which the checkpoint does not save`);
  const shown = dPath(w, task, f.f_path);
  const unlinked = dUnlinked(w, f.f_path.dentry);
  const origPath = unlinked ? shown.replace(/ \(deleted\)$/, '') : shown;
  // A file with its name is reopened by its own name, through its own mount; a nameless one the
  // way another file of its inode was saved (one relink, one ghost per inode).
  let source = unlinked ? inodeSources.get(f.f_inode) : undefined;
  if (source === undefined) {
    source = unlinked
      ? saveUnlinked(w, req, acc, task, fd, file, origPath, nextGhostId(inodeSources))
      : { kind: 'path', path: origPath, mnt: rMount(w, f.f_path.mnt).mnt_id, mntPath: pathInMount(w, f.f_path) };
    // CRIU shares a ghost per (dev, ino) but makes a link remap per open file (dump_linked_remap).
    if (source.kind !== 'link-remap') inodeSources.set(f.f_inode, source);
  }
  return {
    key: file,
    inodeKey: f.f_inode,
    type: inode.type,
    f_flags: f.f_flags,
    f_pos: f.f_pos,
    origPath,
    mount: recordMount(w, rTask(w, req.checkpointer), task, f.f_path),
    mntPath: pathInMount(w, f.f_path),
    unlinked,
    source,
    pipeBuf: inode.type === 'fifo' ? (inode.i_pipe?.buf ?? '') : null,
  };
}

function saveUnlinked(
  w: MWorld,
  req: CheckpointRequest,
  acc: Acc,
  task: Task,
  fd: number,
  file: FileId,
  origPath: string,
  ghostId: number,
): FileSource {
  const inode = rInode(w, rFile(w, file).f_inode);
  // A removed directory is empty: restart recreates it dead (checkpoint-task.ts), whatever the strategy.
  if (inode.type === 'dir') return saveDeadDir(w, req, acc, task, fd, file);
  switch (req.strategy) {
    case 'relink':
      return saveByRelink(w, req, acc, file);
    case 'copy':
      if (inode.i_nlink > 0) throw new CheckpointFailure('EOPNOTSUPP', linkRemapRefused(origPath));
      return saveAsGhost(w, req, acc, file, ghostId);
    case 'link-remap':
      return inode.i_nlink > 0
        ? saveByLinkRemap(w, req, acc, task.pid, fd, file, origPath)
        : saveAsGhost(w, req, acc, file, ghostId);
    case 'search':
      return saveBySearch(w, acc, task, file);
    case 'handle':
      acc.metadataOps++;
      // fs/ext4/inode.c: __ext4_iget with EXT4_IGET_HANDLE — an inode with no links is stale.
      if (inode.i_nlink === 0)
        throw new CheckpointFailure('ESTALE', 'a file handle of an inode with no name left is stale (__ext4_iget)');
      return { kind: 'handle', dev: rSb(w, inode.i_sb).s_dev, ino: inode.i_ino };
  }
}

function saveDeadDir(w: MWorld, req: CheckpointRequest, acc: Acc, task: Task, fd: number, file: FileId): FileSource {
  const what = `pid ${task.pid} fd ${fd}`;
  const dir = recordDir(w, rTask(w, req.checkpointer), task, rFile(w, file).f_path, what, acc.deadDirs);
  if (dir.kind !== 'dead') throw new ModelBug(`${what}: an unlinked directory recorded as live`);
  return { kind: 'dead-dir', key: dir.key, path: deadDirPath(acc.deadDirs, dir.key) };
}

function noteCreated(w: RWorld, req: CheckpointRequest, acc: Acc, path: string, file: FileId): void {
  const inode = rInode(w, rFile(w, file).f_inode);
  acc.created.push({ path, dev: rSb(w, inode.i_sb).s_dev, ino: inode.i_ino });
  const fail = req.failAfterNames;
  if (fail !== undefined && acc.created.length >= fail.count)
    throw new CheckpointFailure(fail.errno, injectedCheckpointFault(fail.count));
}

/** Why a call the checkpoint made was refused, by the kernel's rule (src/ops/run/refusals.ts), when the table has one. */
function callRefused(what: string, call: string, errno: Errno): string | null {
  const rule = refusalReason(call, errno);
  return rule === null ? null : `${what} was refused: ${rule}`;
}

/** The reason a fault the scenario injected gives, so that it is never taken for the kernel's answer. */
export const injectedCheckpointFault = (count: number): string =>
  `injected: fail_after_names ${count} fails the checkpoint once it has created ${count} name${count === 1 ? '' : 's'}`;

/** The series: `.relink` into relink_dir under a unique name, seen through the file's own mount. */
function saveByRelink(w: MWorld, req: CheckpointRequest, acc: Acc, file: FileId): FileSource {
  const checkpointer = rTask(w, req.checkpointer);
  const inode = rInode(w, rFile(w, file).f_inode);
  const sb = rSb(w, inode.i_sb);
  if (sb.s_relink_dir === null)
    throw new CheckpointFailure(
      'EOPNOTSUPP',
      "the file's file system has no relink_dir (mounted without relink=, patch 07)",
    );
  // The tool's own rule, beside the kernel's: a file whose opened name is gone but which has other
  // names is linked, not relinked, and vfs_link asks nothing of relink_dir for it; in a directory
  // others can see into, its new name would outlive the other names (docs/security.md).
  if (!relinkDirPrivate(w, sb.s_relink_dir)) {
    throw new CheckpointFailure('EPERM', 'relink_dir is not private to root (owned by uid 0, no group or other bits)');
  }
  const dir = relinkDirThroughFileMount(w, file) ?? relinkDirElsewhere(w, checkpointer, file);
  if (dir === null)
    throw new CheckpointFailure(
      'EXDEV',
      "no mount of the file's file system in the checkpointer's namespace reaches relink_dir",
    );
  for (let n = 0; ; n++) {
    const name = `${RELINK_NAME_PREFIX}${inode.i_ino}-${n}`;
    acc.metadataOps++;
    const refused = relinkCheck(w, checkpointer, file, dir, name);
    if (refused === 'EEXIST') continue;
    if (refused !== null)
      throw new CheckpointFailure(
        refused,
        callRefused('the relink, linkat(fd, "", relink_dir, AT_EMPTY_PATH)', 'linkat', refused),
      );
    const d = doRelink(w, file, dir, name);
    const path = dPath(w, checkpointer, { mnt: dir.mnt, dentry: d });
    noteCreated(w, req, acc, path, file);
    const own = dir.mnt === rFile(w, file).f_path.mnt;
    const mnt = own ? rMount(w, dir.mnt).mnt_id : null;
    return { kind: 'relinked', path, unlinkAfter: true, mnt, mntPath: pathInMount(w, { mnt: dir.mnt, dentry: d }) };
  }
}

/**
 * Where relink_dir is when the file's own mount does not reach it: through some other mount of
 * the superblock in the checkpointer's namespace. relinkCheck refuses that with EXDEV (patch 09)
 * unless the variant forgot to.
 */
function relinkDirElsewhere(w: RWorld, checkpointer: Task, file: FileId): Path | null {
  const sb = rSb(w, rInode(w, rFile(w, file).f_inode).i_sb);
  if (sb.s_relink_dir === null) return null;
  for (const m of Object.values(w.mounts)) {
    if (m.mnt_sb !== sb.id || m.mnt_ns !== checkpointer.mnt_ns) continue;
    if (isSubdir(w, sb.s_relink_dir, m.mnt_root)) return { mnt: m.id, dentry: sb.s_relink_dir };
  }
  return null;
}

/** criu/files-reg.c: ghost_file_ids — ghosts are numbered from 1 in the order they are dumped. */
function nextGhostId(inodeSources: ReadonlyMap<InodeId, FileSource>): number {
  return 1 + [...inodeSources.values()].filter((s) => s.kind === 'ghost').length;
}

/**
 * CRIU's ghost file (dump_ghost_remap, dump_ghost_file): refused when the blocks it holds
 * (st_blocks * 512) pass the limit; its data goes into the image as ghostChunks has it.
 */
function saveAsGhost(w: MWorld, req: CheckpointRequest, acc: Acc, file: FileId, remapId: number): FileSource {
  const inode = rInode(w, rFile(w, file).f_inode);
  const limit = req.ghostLimit ?? DEFAULT_GHOST_LIMIT;
  const block = rSb(w, inode.i_sb).s_blocksize;
  if (allocatedBytes(inode.i_data, block) > limit)
    throw new CheckpointFailure('EFBIG', `the file holds more than the ghost limit of ${limit} bytes`);
  const data = inode.type === 'reg' ? ghostChunks(inode.i_data, inode.i_size, block) : [];
  const bytes = writtenBytes(data);
  acc.bytesRead += bytes;
  acc.bytesWritten += bytes;
  acc.metadataOps++;
  return { kind: 'ghost', remapId, mode: inode.i_mode, size: inode.i_size, data };
}

/**
 * CRIU's link remap (criu/files-reg.c: create_link_remap): a hard link `link_remap.<id>` where the
 * old name was, moved up a directory while linkat answers ENOENT (trim_last_parent). CRIU links
 * the fd with AT_EMPTY_PATH; linkat of its /proc link with AT_SYMLINK_FOLLOW reaches the same
 * vfs_link. The id is CRIU's fresh file id; the file's own key serves (unique per open file).
 */
function saveByLinkRemap(
  w: MWorld,
  req: CheckpointRequest,
  acc: Acc,
  pid: Pid,
  fd: number,
  file: FileId,
  origPath: string,
): FileSource {
  for (let path: string | null = linkRemapPath(origPath, file); path !== null; path = trimLastParent(path)) {
    acc.metadataOps++;
    const r = applyCall(w, req.checkpointer, {
      call: 'linkat',
      olddirfd: AT_FDCWD,
      oldpath: `/proc/${pid}/fd/${fd}`,
      newdirfd: AT_FDCWD,
      newpath: path,
      flags: AT_SYMLINK_FOLLOW,
    }).result;
    if (r.ok === false && r.errno === 'ENOENT') continue;
    if (r.ok !== true) {
      const errno = r.ok === false ? r.errno : 'EAGAIN';
      throw new CheckpointFailure(errno, callRefused(`the link remap, linkat to ${path}`, 'linkat', errno));
    }
    noteCreated(w, req, acc, path, file);
    return { kind: 'link-remap', remapPath: path };
  }
  throw new CheckpointFailure('ENOENT', 'linkat answered ENOENT at every parent of the link remap (trim_last_parent)');
}

/** Walk the file's mount for another name of its inode, counting every entry visited. */
function saveBySearch(w: MWorld, acc: Acc, task: Task, file: FileId): FileSource {
  const f = rFile(w, file);
  const mnt = rMount(w, f.f_path.mnt);
  const stack = [mnt.mnt_root];
  while (stack.length > 0) {
    const d = stack.pop() as number;
    for (const child of Object.values(rDentry(w, d).d_children)) {
      acc.metadataOps++;
      const ino = rDentry(w, child).d_inode;
      if (ino === null) continue;
      const p = { mnt: f.f_path.mnt, dentry: child };
      if (ino === f.f_inode)
        return { kind: 'path', path: dPath(w, task, p), mnt: mnt.mnt_id, mntPath: pathInMount(w, p) };
      if (rInode(w, ino).type === 'dir') stack.push(child);
    }
  }
  throw new CheckpointFailure('ENOENT', "no other name of the inode on the file's mount");
}
