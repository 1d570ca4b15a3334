/**
 * Restart from a checkpoint image (the relink series, patch 04), done the way a restarter does it:
 * with syscalls, by a root task. Every file object is opened once (so fds and tasks that shared a
 * struct file share one again), tasks are forked from the restarter and their fds put in place
 * with dup2, fifo buffers are refilled, and relinked names are unlinked last, so each restored
 * unlinked file is open, nameless and on the orphan list again. Credentials and umask are restored
 * directly, as sys_restart does in the kernel.
 */
import type { Errno } from '../model/errno.js';
import type { Pid } from '../model/ids.js';
import type { CheckpointImage, FileSource, ImageFile, ImageMount, IoCount } from '../model/image.js';
import {
  AT_FDCWD,
  F_DUPFD,
  O_CREAT,
  O_DIRECTORY,
  O_EXCL,
  O_NOCTTY,
  O_RDWR,
  O_TRUNC,
  SEEK_SET,
  __O_TMPFILE,
} from '../model/flags.js';
import { createGhost, crLinkPath, ghostPath, linkIntoPlace, unlinkFromPlace, type Restorer } from './criu-remap.js';
import { crossedMount, joinPath, offMount, restoreMounts, throughMount, type PlacedMount } from './restore-mounts.js';
import { refusalReason } from '../ops/run/refusals.js';
import { ModelBug, RestartFailure } from '../model/errors.js';
import {
  forkTasks,
  inheritFds,
  openDeadDir,
  recreateDeadDirs,
  releaseDeadDirs,
  dirMounts,
  type Restarter,
} from './restore-task.js';
import type { SysResult } from '../ops/vfs/result.js';
import { applyCall, type CallObserver } from '../ops/run/step.js';
import type { Syscall } from '../model/syscall/syscall.js';
import type { MWorld } from '../ops/vfs/world-draft.js';

/** Flags that only mattered when the file was first opened (O_TMPFILE made it; it exists now). */
const CREATE_ONLY = O_CREAT | O_EXCL | O_TRUNC | O_NOCTTY | __O_TMPFILE;

export interface RestartRequest {
  readonly restarter: Pid;
  readonly image: CheckpointImage;
  /** Failure injection: fail with this errno before the n-th syscall of the restart. */
  readonly failAtCall?: { readonly index: number; readonly errno: Errno };
  /** Sees every syscall the restart makes, with its answer (to replay the restart on a kernel). */
  readonly onCall?: CallObserver;
}

export type RestartResult =
  | { readonly ok: true; readonly pids: ReadonlyMap<Pid, Pid>; readonly io: IoCount }
  | {
      readonly ok: false;
      readonly errno: Errno;
      readonly call: string;
      /** Why, when the errno alone does not say (which mount could not be put back). */
      readonly reason: string | null;
      readonly io: IoCount;
    };

interface Ctx {
  readonly w: MWorld;
  readonly req: RestartRequest;
  calls: number;
  bytesWritten: number;
  metadataOps: number;
}

/** The reason a fault the scenario injected gives, so that it is never taken for the kernel's answer. */
export const injectedRestartFault = (index: number, call: string): string =>
  `injected: fail_at_call ${index} fails ${call}, the restart's call ${index + 1}, before it runs`;

/** Run one syscall for `pid`; any failure aborts the restart with that call named. */
function sys(ctx: Ctx, pid: Pid, sc: Syscall): number {
  const r = attempt(ctx, pid, sc);
  if (typeof r === 'number') return r;
  throw new RestartFailure(r, sc.call, refusalReason(sc.call, r));
}

/** Run one syscall for `pid` whose errno the caller handles. */
function attempt(ctx: Ctx, pid: Pid, sc: Syscall): number | Errno {
  const fail = ctx.req.failAtCall;
  if (fail !== undefined && ctx.calls === fail.index)
    throw new RestartFailure(fail.errno, sc.call, injectedRestartFault(fail.index, sc.call));
  ctx.calls++;
  const r = applyCall(ctx.w, pid, sc).result;
  ctx.req.onCall?.(pid, sc, r);
  if (r.ok === true) return r.ret;
  return r.ok === false ? r.errno : 'EAGAIN';
}

export function restart(w: MWorld, req: RestartRequest): RestartResult {
  const ctx: Ctx = { w, req, calls: 0, bytesWritten: 0, metadataOps: 0 };
  try {
    const pids = restore(ctx);
    return { ok: true, pids, io: ioOf(ctx) };
  } catch (e) {
    if (!(e instanceof RestartFailure)) throw e;
    return { ok: false, errno: e.errno, call: e.call, reason: e.reason, io: ioOf(ctx) };
  }
}

const ioOf = (c: Ctx): IoCount => ({ bytesRead: 0, bytesWritten: c.bytesWritten, metadataOps: c.metadataOps });

function restore(ctx: Ctx): Map<Pid, Pid> {
  const { image, restarter } = ctx.req;
  const maxFd = Math.max(2, ...image.tasks.flatMap((t) => t.fds.map((f) => f.fd)));
  const temps = new Map<number, number>();
  const keepers: number[] = [];
  const refilled = new Set<number>();
  // The mounts the files and the tasks' directories were reached through, then the removed
  // directories, recreated dead and held (restore-task.ts), then CRIU's ghosts (prepare_remaps),
  // then the files.
  const places = restoreMounts(ctx.w, restorer(ctx), restarter, [...image.files, ...dirMounts(image)]);
  const r = restarterOf(ctx, places);
  const held = recreateDeadDirs(r, image.deadDirs, maxFd);
  const mountOf = (f: ImageFile): string => {
    const mnt = places.get(f.mount.id);
    if (mnt === undefined) throw new ModelBug(`mount ${f.mount.id} of ${f.origPath} was not restored`);
    return mnt.place;
  };
  const ghosts = prepareGhosts(ctx, mountOf);
  for (const file of image.files) {
    const fd =
      file.source.kind === 'dead-dir'
        ? openDeadDir(r, held, file.source.key, file.f_flags & ~CREATE_ONLY)
        : openImageFile(ctx, file, places, ghosts, keepers, refilled);
    // Move it above every fd number a task will need, so dup2 never overwrites a temporary.
    const high = sys(ctx, restarter, { call: 'fcntl', fd, cmd: F_DUPFD, arg: maxFd + 1 });
    sys(ctx, restarter, { call: 'close', fd });
    temps.set(file.key, high);
  }
  inheritFds(r, image, maxFd, temps);
  const pids = forkTasks(r, image, temps, held);
  releaseDeadDirs(r, held);
  for (const fd of [...temps.values(), ...keepers]) sys(ctx, restarter, { call: 'close', fd });
  // Relinked names go last, as do CRIU's ghosts and link remaps (try_clean_remaps).
  const unlinked = new Set<string>();
  for (const file of image.files) {
    const path = leftoverName(file, places, ghosts);
    if (path === null || unlinked.has(path)) continue;
    unlinked.add(path);
    ctx.metadataOps++;
    sys(ctx, restarter, { call: 'unlink', path });
  }
  return pids;
}

/** The restarter as restore-task.ts drives it, with the mounts restoreMounts put back. */
function restarterOf(ctx: Ctx, places: ReadonlyMap<number, PlacedMount>): Restarter {
  const pid = ctx.req.restarter;
  return {
    w: ctx.w,
    pid,
    places,
    run: (sc) => sysAnswer(ctx, pid, sc),
    runAs: (as, sc) => sysAnswer(ctx, as, sc),
    meta: () => {
      ctx.metadataOps++;
    },
    refuse: (errno, call, reason = null) => {
      throw new RestartFailure(errno, call, reason ?? refusalReason(call, errno));
    },
  };
}

/** Run one syscall for `pid` and return its whole answer (stat's buffer, say); failures abort. */
function sysAnswer(ctx: Ctx, pid: Pid, sc: Syscall): Extract<SysResult, { ok: true }> {
  const fail = ctx.req.failAtCall;
  if (fail !== undefined && ctx.calls === fail.index)
    throw new RestartFailure(fail.errno, sc.call, injectedRestartFault(fail.index, sc.call));
  ctx.calls++;
  const r = applyCall(ctx.w, pid, sc).result;
  ctx.req.onCall?.(pid, sc, r);
  if (r.ok === true) return r;
  const errno = r.ok === false ? r.errno : 'EAGAIN';
  throw new RestartFailure(errno, sc.call, refusalReason(sc.call, errno));
}

/** The name a restored file leaves behind until every task is back, if any. */
function leftoverName(
  file: ImageFile,
  places: ReadonlyMap<number, PlacedMount>,
  ghosts: ReadonlyMap<number, Ghost>,
): string | null {
  const src = file.source;
  switch (src.kind) {
    case 'relinked':
      return src.unlinkAfter ? relinkedName(src, places) : null;
    case 'link-remap':
      return src.remapPath;
    case 'ghost':
      return ghosts.get(src.remapId)?.path ?? null;
    case 'path':
    case 'handle':
    case 'dead-dir':
      return null;
  }
}

/** A relinked name through its restored mount (by the checkpointer's path when it has none). */
function relinkedName(src: FileSource & { kind: 'relinked' }, places: ReadonlyMap<number, PlacedMount>): string {
  if (src.mnt === null) return src.path;
  const m = places.get(src.mnt);
  if (m === undefined) throw new ModelBug(`the mount ${src.mnt} of relinked ${src.path} was not restored`);
  return joinPath(m.place, src.mntPath);
}

/** The restarter's syscalls as criu-remap.ts asks for them. */
function restorer(ctx: Ctx): Restorer {
  const pid = ctx.req.restarter;
  return {
    sys: (sc) => sys(ctx, pid, sc),
    attempt: (sc) => attempt(ctx, pid, sc),
    meta: () => {
      ctx.metadataOps++;
    },
    wrote: (bytes) => {
      ctx.bytesWritten += bytes;
    },
    fail: (errno, call, reason) => {
      throw new RestartFailure(errno, call, reason ?? refusalReason(call, errno));
    },
  };
}

/** criu/files-reg.c: prepare_remaps → open_remap_ghost — each ghost once, named after its first file. */
/** A ghost made at restart: its name, and the same name inside the mount it was made through. */
interface Ghost {
  readonly path: string;
  readonly mount: ImageMount;
  readonly mntPath: string;
}

function prepareGhosts(ctx: Ctx, mountOf: (f: ImageFile) => string): Map<number, Ghost> {
  const ghosts = new Map<number, Ghost>();
  for (const file of ctx.req.image.files) {
    const src = file.source;
    if (src.kind !== 'ghost' || ghosts.has(src.remapId)) continue;
    const mnt = mountOf(file);
    const path = createGhost(restorer(ctx), ghostPath(joinPath(mnt, file.mntPath), src.remapId), {
      type: file.type,
      ...src,
    });
    // trim_last_parent moves up inside the same mount: the mount's place stays a prefix.
    const mntPath = mnt === '/' ? path : path.slice(mnt.length);
    ghosts.set(src.remapId, { path, mount: file.mount, mntPath });
  }
  return ghosts;
}

/**
 * Open one file object of the image in the restarter; returns its fd there. `places` says where
 * each restored mount is. A ghost or link remap is opened the way CRIU's open_path does: linked in
 * at the file's own name, opened through the file's mount, unlinked.
 */
function openImageFile(
  ctx: Ctx,
  file: ImageFile,
  places: ReadonlyMap<number, PlacedMount>,
  ghosts: ReadonlyMap<number, Ghost>,
  keepers: number[],
  refilled: Set<number>,
): number {
  const src = file.source;
  const placeOf = (id: number): PlacedMount => {
    const p = places.get(id);
    if (p === undefined) throw new ModelBug(`mount ${id} of ${file.origPath} was not restored`);
    return p;
  };
  const mnt = placeOf(file.mount.id);
  const own = joinPath(mnt.place, file.mntPath);
  let remap: string;
  let linkAt = own;
  switch (src.kind) {
    case 'handle':
      throw new RestartFailure('ESTALE', 'open_by_handle_at', 'the handle names an inode with no name left (stale)');
    case 'path': {
      // Another file's name of the inode: through this file's own mount when it shows it.
      const from = ctx.req.image.files.find((f) => f.mount.id === src.mnt)?.mount;
      if (from === undefined) throw new ModelBug(`${file.origPath}: its name's mount ${src.mnt} is no file's`);
      const mine = throughMount(places, from, src.mntPath, file.mount);
      if (mine !== null) return openAt(ctx, file, mine, mnt, keepers, refilled);
      return openAt(ctx, file, joinPath(placeOf(src.mnt).place, src.mntPath), placeOf(src.mnt), keepers, refilled);
    }
    case 'relinked':
      return openAt(
        ctx,
        file,
        relinkedName(src, places),
        src.mnt === null ? null : placeOf(src.mnt),
        keepers,
        refilled,
      );
    case 'dead-dir':
      throw new ModelBug(`${file.origPath}: a removed directory is opened by restore-task.ts`);
    case 'link-remap':
      remap = src.remapPath;
      break;
    case 'ghost': {
      const g = ghosts.get(src.remapId);
      if (g === undefined) throw new ModelBug(`no ghost was made for ${file.origPath}`);
      // rfi_remap: a link cannot cross mounts, so both names go through one mount of the device.
      const mounts = [g.mount, file.mount, ...ctx.req.image.files.map((f) => f.mount)];
      const via = mounts
        .map((m) => ({
          from: throughMount(places, g.mount, g.mntPath, m),
          to: throughMount(places, file.mount, file.mntPath, m),
        }))
        .find((p) => p.from !== null && p.to !== null);
      if (via?.from == null || via.to == null)
        throw new RestartFailure('EXDEV', 'link', `no restored mount shows both ${g.path} and ${own}`);
      remap = via.from;
      linkAt = via.to;
    }
  }
  const placed = linkIntoPlace(restorer(ctx), remap, linkAt);
  const fd = openAt(ctx, file, placed.path === linkAt ? own : crLinkPath(own), mnt, keepers, refilled);
  unlinkFromPlace(restorer(ctx), placed);
  return fd;
}

/** Open `path` with the file's flags and put its offset back (a fifo end through a keeper). */
function openAt(
  ctx: Ctx,
  file: ImageFile,
  path: string,
  mnt: PlacedMount | null,
  keepers: number[],
  refilled: Set<number>,
): number {
  const { restarter } = ctx.req;
  ctx.metadataOps++;
  const flags = file.f_flags & ~CREATE_ONLY & ~(file.type === 'dir' ? 0 : O_DIRECTORY);
  /** The name is inside the restored mount `mnt`: refuse what it reaches through another one. */
  const onMount = (fd: number): void => {
    const off = mnt === null ? null : offMount(ctx.w, restarter, fd, mnt);
    if (off !== null) throw new RestartFailure('EXDEV', 'openat', `${path} (for ${file.origPath}) reached ${off}`);
  };
  /** The open, whose failure says when the name now crosses another mount. */
  const open = (sc: Syscall): number => {
    const fd = attempt(ctx, restarter, sc);
    if (typeof fd === 'number') return fd;
    const crossed = mnt === null ? null : crossedMount(ctx.w, restarter, path, mnt);
    throw new RestartFailure(fd, sc.call, crossed ?? refusalReason(sc.call, fd));
  };
  if (file.type !== 'fifo') {
    const fd = open({ call: 'openat', dirfd: AT_FDCWD, path, flags, mode: 0 });
    onMount(fd);
    if (file.f_pos > 0) sys(ctx, restarter, { call: 'lseek', fd, offset: file.f_pos, whence: SEEK_SET });
    return fd;
  }
  // A fifo end must not block: an O_RDWR keeper makes both ends present, then the real end is
  // opened through the keeper's /proc link (what CRIU does), and the keeper refills the buffer.
  const keeper = open({ call: 'openat', dirfd: AT_FDCWD, path, flags: O_RDWR, mode: 0 });
  keepers.push(keeper);
  onMount(keeper);
  if (!refilled.has(file.inodeKey) && file.pipeBuf !== null && file.pipeBuf.length > 0) {
    ctx.bytesWritten += file.pipeBuf.length;
    sys(ctx, restarter, { call: 'write', fd: keeper, data: file.pipeBuf });
  }
  refilled.add(file.inodeKey);
  const procPath = `/proc/self/fd/${keeper}`;
  return sys(ctx, restarter, { call: 'openat', dirfd: AT_FDCWD, path: procPath, flags, mode: 0 });
}
