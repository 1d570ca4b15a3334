/**
 * Lowering a scenario to plain syscalls, so that it runs on a real kernel: the scenario's own
 * calls as they are, and each macro step as the calls a user-space tool makes on a kernel with
 * the series (kernel-patches/README.md):
 * - checkpoint: each task relinks its open files that have no name with
 *   linkat(fd, "", AT_FDCWD, relink_dir/NAME, AT_EMPTY_PATH), into the names the model's
 *   checkpoint chose; a fifo's buffer is read and written back (what the image saves); CRIU's
 *   copy changes nothing in the kernel (it reads), its link remap is pid 1's
 *   linkat("/proc/PID/fd/N", NAME, AT_SYMLINK_FOLLOW) for each file the model remapped;
 * - kill: exit_group(9) by each task;
 * - backup (a fresh machine with a copy of the root file system): pid 1 closes what it holds and
 *   goes to "/"; the file system itself stays, which is what the copy preserves;
 * - restart and cleanup: exactly the syscalls the model's restarter and cleanup helper make;
 * - assert: open, getdents64 and close of the directory.
 * Every lowered call carries the answer the model gives for it. The lowering stops at a step a
 * kernel cannot reproduce (search or handle, a refused CRIU checkpoint, a backup that would drop mounts, a
 * restart without an image, a model-only call such as passfd), with the reason; an injected fault is
 * left out.
 */
import type { Pid } from '../model/ids.js';
import type { CheckpointImage, CreatedName } from '../model/image.js';
import { DEBIAN_BOOT_SYSCTLS, type Sysctls } from '../model/sysctl.js';
import type { World } from '../model/world.js';
import {
  AT_EMPTY_PATH,
  AT_FDCWD,
  AT_SYMLINK_FOLLOW,
  F_DUPFD,
  O_ACCMODE,
  O_DIRECTORY,
  O_RDONLY,
  O_RDWR,
} from '../model/flags.js';
import { backupRootFs } from '../cr/backup.js';
import { bootWorld, isOutsideFile } from '../ops/vfs/boot.js';
import { RELINK_NAME_PREFIX } from '../cr/checkpoint.js';
import { checkpointWorld, cleanupWorld, killTasks, restartWorld } from '../cr/cr-flow.js';
import { dUnlinked } from '../ops/vfs/namespace.js';
import type { SysResult } from '../ops/vfs/result.js';
import { ModelBug, NotApplicable, NotRunnable, Unmodelled } from '../model/errors.js';
import { Session } from '../session/session.js';
import type { Syscall } from '../model/syscall/syscall.js';
import { pathArgs } from '../model/syscall/queries.js';
import { modelOnlyWhy } from '../model/syscall/table-model-only.js';
import { resultToExpected, type Expected } from '../trace/jsonl.js';
import { modelIds, type ModelIds } from './ids.js';
import type { Scenario, Step } from './parse.js';

export interface LoweredCall {
  readonly pid: Pid;
  readonly sc: Syscall;
  /** The model's answer. */
  readonly expected: Expected;
  /** The scenario line the call comes from. */
  readonly line: number;
  /**
   * Whether a task may have left the root directory by now (a chdir or fchdir succeeded before):
   * then the kernel side reaches absolute paths through the executor's root fd, not from its
   * working directory (src/crosscheck/scenarios.ts: kernelCall).
   */
  readonly rerooted: boolean;
  /**
   * The model's inodes, devices and mounts after the call, where the lowering has its world then
   * (not inside a composite flow): a comparison forgets number pairs whose object is gone.
   */
  readonly live?: ModelIds;
}

/**
 * The calls, up to the first step a kernel cannot reproduce (`stopped`, with the reason): on
 * Debian's kernel, for one, a scenario runs until restart finds no image to restart from.
 */
export interface Lowering {
  readonly calls: readonly LoweredCall[];
  readonly stopped: { readonly line: number; readonly why: string } | null;
}

/**
 * The fds of `pid` opened through a name since unlinked: what checkpoint relinks. Files from
 * outside (stdin and the like) never had a name here; checkpoint leaves them to the environment.
 */
function unlinkedFds(w: World, pid: Pid): number[] {
  const task = w.tasks[pid];
  const table = task === undefined ? undefined : w.fdtables[task.files];
  return Object.entries(table?.fds ?? {})
    .filter(([, e]) => {
      const file = w.files[e.file];
      return file !== undefined && !isOutsideFile(w, e.file) && dUnlinked(w, file.f_path.dentry);
    })
    .map(([fd]) => Number(fd))
    .sort((a, b) => a - b);
}

/** The (pid, fd) that holds a file object of the image, and the file's flags. */
function holderOf(image: CheckpointImage, key: number): { pid: Pid; fd: number } | undefined {
  for (const t of image.tasks) {
    const fd = t.fds.find((f) => f.file === key);
    if (fd !== undefined) return { pid: t.pid, fd: fd.fd };
  }
  return undefined;
}

/** The (pid, fd) whose file is the inode a created name was made for. */
function holderOfName(w: World, pids: readonly Pid[], name: CreatedName): { pid: Pid; fd: number } | undefined {
  for (const pid of pids) {
    const table = w.fdtables[w.tasks[pid]?.files ?? -1];
    for (const [fd, e] of Object.entries(table?.fds ?? {})) {
      const inode = w.inodes[w.files[e.file]?.f_inode ?? -1];
      const sb = inode === undefined ? undefined : w.superblocks[inode.i_sb];
      if (inode !== undefined && inode.i_ino === name.ino && sb?.s_dev === name.dev) return { pid, fd: Number(fd) };
    }
  }
  return undefined;
}

/** The directory named by the last relink= option the scenario set (the series' relink_dir). */
function relinkDirOption(sc: Scenario, upTo: number): string {
  let dir = '/';
  for (const s of sc.steps) {
    if (s.line >= upTo) break;
    if (s.kind === 'call' && s.sc.call === 'mount') {
      const m = /(?:^|,)relink=([^,]*)/.exec(s.sc.data);
      if (m !== null) dir = m[1] ?? '/';
    }
  }
  return dir;
}

/** Whether a call names a path from the root (a path it walks, or a mount's source). */
function hasAbsolutePath(sc: Syscall): boolean {
  if (sc.call === 'mount' && sc.source.startsWith('/')) return true;
  return pathArgs(sc).some((p) => p.path.startsWith('/'));
}

const relinkCall = (fd: number, path: string): Syscall => ({
  call: 'linkat',
  olddirfd: fd,
  oldpath: '',
  newdirfd: AT_FDCWD,
  newpath: path,
  flags: AT_EMPTY_PATH,
});

const remapCall = (holder: { pid: Pid; fd: number }, path: string): Syscall => ({
  call: 'linkat',
  olddirfd: AT_FDCWD,
  oldpath: `/proc/${holder.pid}/fd/${holder.fd}`,
  newdirfd: AT_FDCWD,
  newpath: path,
  flags: AT_SYMLINK_FOLLOW,
});

/** An assert as a kernel sees it: pid 1 opens the directory, lists it with getdents64, closes it. */
export function lowerAssert(dir: string, run: (call: Syscall) => SysResult): void {
  const r = run({ call: 'open', path: dir, flags: O_RDONLY | O_DIRECTORY, mode: 0 });
  if (r.ok !== true) return;
  run({ call: 'getdents64', fd: r.ret, count: 4096 });
  run({ call: 'close', fd: r.ret });
}

/**
 * A backup as a kernel sees it (a fresh machine with a copy of the root file system): pid 1 closes
 * what it holds past stdio and goes to "/", through `run`; the model's world becomes the copy.
 */
export function lowerBackup(session: Session, run: (call: Syscall) => unknown): void {
  const t = session.world.tasks[1];
  if (t === undefined) throw new ModelBug('a backup lowered without pid 1');
  for (const fd of Object.keys(session.world.fdtables[t.files]?.fds ?? {}).map(Number)) {
    if (fd > 2) run({ call: 'close', fd });
  }
  run({ call: 'chdir', path: '/' });
  session.replace(backupRootFs(session.world).world);
}

/**
 * `kernel` and `sysctl` are the machine's the calls will run on (a QEMU kernel's variant and the
 * sysctls it boots with); the scenario's own by default.
 */
export function lowerScenario(
  sc: Scenario,
  kernel: string = sc.kernel,
  sysctl: Sysctls = { ...DEBIAN_BOOT_SYSCTLS, ...sc.sysctl },
): Lowering {
  const calls: LoweredCall[] = [];
  // The model's side: the calls, and the flows' worlds where a tool's calls stand for them (unchecked:
  // the lowering records answers; running the scenario checks it).
  const booted = bootWorld({ kernel, sysctl, rootFs: sc.fs, blocksize: sc.blocksize, outsideFds: [0, 1, 2] });
  const session = new Session(booted, {
    representation: 'immer',
    invariants: { when: 'off', set: 'state' },
  });
  let image: CheckpointImage | null = null;
  let created: readonly CreatedName[] = [];
  // Once any task has changed directory (CLONE_FS may share it), absolute paths are re-rooted.
  let rerooted = false;
  const push = (pid: Pid, call: Syscall, expected: Expected, line: number, live?: ModelIds): void => {
    calls.push({ pid, sc: call, expected, line, rerooted, ...(live !== undefined ? { live } : {}) });
    const moves = call.call === 'chdir' || call.call === 'fchdir';
    if (moves && expected.errno === undefined) rerooted = true;
  };
  const initialNs = session.world.tasks[1]?.mnt_ns;

  /** Run a call on the model and record it with the model's answer. */
  const run = (line: number, pid: Pid, call: Syscall): SysResult => {
    // The root fd is the first namespace's: another namespace's absolute paths cannot go through it.
    if (rerooted && session.world.tasks[pid]?.mnt_ns !== initialNs && hasAbsolutePath(call))
      throw new NotApplicable(line, 'a task of another mount namespace names an absolute path after a chdir');
    try {
      const out = session.run(pid, call);
      push(pid, call, resultToExpected(out.result), line, modelIds(session.world));
      return out.result;
    } catch (e) {
      if (e instanceof Unmodelled || e instanceof NotRunnable) throw new NotApplicable(line, e.message);
      throw e;
    }
  };
  /** Record a call a composite flow made on the model, with its answer. */
  const record = (line: number) => (pid: Pid, call: Syscall, r: SysResult) =>
    push(pid, call, resultToExpected(r), line);

  const lowerStep = (s: Step): void => {
    switch (s.kind) {
      case 'split':
        throw new NotApplicable(s.line, 'a step inside a call (a race schedule) cannot be placed on a kernel');
      case 'call': {
        // A model-only call has no kernel to run on: comparing the calls after it would be meaningless.
        const why = modelOnlyWhy(s.sc.call);
        if (why !== null) throw new NotApplicable(s.line, `${s.sc.call} is model-only, no kernel has it: ${why}`);
        run(s.line, s.pid, s.sc);
        return;
      }
      case 'checkpoint': {
        // CRIU's strategies are user space over syscalls too: copy reads (no kernel change), a
        // link remap is the checkpointer's linkat of /proc/PID/fd/N (src/cr/criu-remap.ts).
        const criu = s.strategy === 'copy' || s.strategy === 'link-remap';
        if (s.strategy !== 'relink' && !criu)
          throw new NotApplicable(s.line, `the ${s.strategy} strategy is not a kernel's`);
        const ck = checkpointWorld(session.world, {
          checkpointer: 1,
          pids: s.pids,
          strategy: s.strategy,
          ...(s.ghostLimit !== null ? { ghostLimit: s.ghostLimit } : {}),
          ...(s.failAfter !== null ? { failAfterNames: { count: s.failAfter, errno: 'EIO' as const } } : {}),
        });
        if (!ck.result.ok && criu)
          throw new NotApplicable(s.line, `a refused ${s.strategy} checkpoint is user space's`);
        if (ck.result.ok) {
          image = ck.result.image;
          created = image.createdNames;
          const done = new Set<string>();
          for (const f of image.files) {
            const holder = holderOf(image, f.key);
            if (f.source.kind === 'link-remap' && holder !== undefined)
              run(s.line, 1, remapCall(holder, f.source.remapPath));
            if (f.source.kind !== 'relinked' || done.has(f.source.path) || holder === undefined) continue;
            done.add(f.source.path);
            run(s.line, holder.pid, relinkCall(holder.fd, f.source.path));
          }
          // The image saves a fifo's buffer: read it, and write it back for the task.
          for (const f of image.files) {
            const holder = holderOf(image, f.key);
            if (f.pipeBuf === null || f.pipeBuf.length === 0 || holder === undefined) continue;
            if ((f.f_flags & O_ACCMODE) !== O_RDWR) continue;
            run(s.line, holder.pid, { call: 'read', fd: holder.fd, count: 65536 });
            run(s.line, holder.pid, { call: 'write', fd: holder.fd, data: f.pipeBuf });
          }
          return;
        }
        if (s.failAfter !== null) {
          // An injected failure: only the names made before it are a kernel's doing.
          created = ck.result.createdNames;
          for (const n of created) {
            const holder = holderOfName(ck.world, s.pids, n);
            if (holder === undefined) throw new NotApplicable(s.line, `no task holds the inode of ${n.path}`);
            run(s.line, holder.pid, relinkCall(holder.fd, n.path));
          }
          return;
        }
        // A refused checkpoint: every relink a tool would try, each answered by the model.
        const dir = relinkDirOption(sc, s.line);
        for (const pid of s.pids) {
          for (const fd of unlinkedFds(session.world, pid)) {
            run(s.line, pid, relinkCall(fd, `${dir.replace(/\/$/, '')}/${RELINK_NAME_PREFIX}${pid}-${fd}`));
          }
        }
        return;
      }
      case 'kill':
        for (const pid of s.pids) {
          push(pid, { call: 'exit_group', status: 9 }, { ret: 0 }, s.line);
          session.replace(killTasks(session.world, [pid]));
        }
        return;
      case 'backup': {
        const w = session.world;
        const t = w.tasks[1];
        if (t === undefined) throw new NotApplicable(s.line, 'no pid 1 to take the backup');
        const others = Object.values(w.mounts).filter((m) => m.mnt_ns === t.mnt_ns && m.id !== t.root.mnt);
        if (others.length > 0) throw new NotApplicable(s.line, 'the backup would drop mounts other than the root');
        lowerBackup(session, (call) => run(s.line, 1, call));
        return;
      }
      case 'restart': {
        if (image === null) throw new NotApplicable(s.line, 'no checkpoint image to restart from');
        if (s.failAtCall !== null) return; // an injected failure changes nothing (the restart is undone)
        const first = calls.length;
        const rs = restartWorld(session.world, { restarter: 1, image, onCall: record(s.line) });
        if (rs.result.ok) {
          session.replace(rs.world);
          return;
        }
        // The model undoes a failed restart; a real restarter closes what it opened.
        const made = calls.slice(first);
        if (made.some((c) => c.sc.call === 'fork' || c.sc.call === 'clone'))
          throw new NotApplicable(s.line, 'the restart fails after forking');
        const open = new Set<number>();
        for (const c of made) {
          const r = c.expected.ret;
          if (r === undefined) continue;
          if (c.sc.call === 'openat' || (c.sc.call === 'fcntl' && c.sc.cmd === F_DUPFD)) open.add(r);
          if (c.sc.call === 'close') open.delete(c.sc.fd);
        }
        for (const fd of open) push(1, { call: 'close', fd }, { ret: 0 }, s.line);
        return;
      }
      case 'cleanup':
        // The kernels lack the series' funlinkat (docs/relink-series.md, patch 10): user space's
        // newfstatat then unlink, which answers the same when nothing races, as in a scenario.
        session.replace(cleanupWorld(session.world, 1, created, record(s.line), { method: 'fstatat-unlink' }).world);
        return;
      case 'assert':
        lowerAssert(s.dir, (call) => run(s.line, 1, call));
        return;
    }
  };

  try {
    for (const s of sc.steps) lowerStep(s);
  } catch (e) {
    if (e instanceof NotApplicable) return { calls, stopped: { line: e.line, why: e.message } };
    throw e;
  }
  return { calls, stopped: null };
}
