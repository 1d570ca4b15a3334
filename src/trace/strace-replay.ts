/**
 * Replaying a real program's strace log on the model and comparing every modelled call with what
 * the kernel answered. The traced program started in an empty directory, which is the model's root
 * and cwd; absolute paths under `root` map into it, /proc/PID/fd paths pass through (the model has
 * them), everything else is outside and skipped. Real pids are kept.
 *
 * A call is applied when all its inputs are known: at its `<unfinished ...>` line when that line
 * holds them (so a blocking fifo open blocks in the model too), otherwise at `<... resumed>`. Its
 * result is compared when the kernel's result is printed.
 */
import { produce } from 'immer';
import type { MountableFsType } from '../model/fstype.js';
import type { World } from '../model/world.js';
import { bootWorld, installOutsideFile } from '../ops/boot.js';
import { doExit } from '../ops/exit.js';
import { fdFile, filenameLookup, LOOKUP_FOLLOW } from '../ops/namei.js';
import { step, Unmodelled, type Wakeup } from '../ops/step.js';
import type { SysResult } from '../ops/result.js';
import type { Syscall } from '../ops/syscalls.js';
import { rFile, rInode, rSb } from '../ops/world-draft.js';
import { S_IFMT } from '../model/modes.js';
import { AT_FDCWD, F_DUPFD, F_DUPFD_CLOEXEC, F_GETFL, F_SETFL } from '../model/flags.js';
import { num, str, toSyscall } from './args.js';
import type { StraceEvent, StraceReturn, StraceValue } from './strace-ast.js';

export interface ReplayOptions {
  /** The directory the traced program started in (its absolute paths under it map to "/"). */
  readonly root?: string;
  /** Descriptors besides 0, 1 and 2 that the program inherited open (replayStrace infers more). */
  readonly inheritedFds?: readonly number[];
  /** Permission bits of the starting directory (made before the trace); 0755 unless inferred. */
  readonly rootMode?: number;
  readonly fs: MountableFsType;
  readonly kernel: string;
}

export interface Mismatch {
  readonly line: number;
  readonly call: string;
  readonly expected: string;
  readonly model: string;
}

export interface ReplayReport {
  readonly calls: number;
  readonly matched: number;
  readonly mismatched: number;
  readonly skipped: number;
  readonly unknown: number;
  readonly mismatches: readonly Mismatch[];
  readonly skippedByCall: Readonly<Record<string, number>>;
  readonly coverage: Readonly<Record<string, { readonly calls: number; readonly errnos: readonly string[] }>>;
  /** Descriptors besides 0, 1 and 2 the program started with: given, or inferred from the log. */
  readonly inheritedFds: readonly number[];
  /** The starting directory's permission bits when they were given or inferred, else null. */
  readonly rootMode: number | null;
}

/** Skipped calls that return new descriptors the program will use (occupying fd numbers). */
const FD_RETURNING = new Set([
  'socket',
  'accept',
  'accept4',
  'eventfd',
  'eventfd2',
  'memfd_create',
  'epoll_create',
  'epoll_create1',
  'signalfd',
  'signalfd4',
  'timerfd_create',
  'inotify_init',
  'inotify_init1',
  'open_by_handle_at',
  'pidfd_open',
  'fanotify_init',
  'userfaultfd',
  'perf_event_open',
  'openat2',
]);

/** Calls that change or read the fd table itself (a difference there shifts later fd numbers). */
const FD_TABLE_CALLS = new Set([
  'open',
  'openat',
  'creat',
  'close',
  'dup',
  'dup2',
  'dup3',
  'close_range',
  'fcntl',
  'fork',
  'vfork',
  'clone',
  'execve',
]);

/** Skipped calls that return two descriptors in their array argument. */
const FD_PAIR = new Set(['pipe', 'pipe2', 'socketpair']);

/** Skipped calls that may change what the model holds for the files they name. */
const TAINTING = new Set([
  'chmod',
  'fchmod',
  'fchmodat',
  'chown',
  'fchown',
  'lchown',
  'fchownat',
  'fallocate',
  'copy_file_range',
  'sendfile',
  'splice',
  'tee',
  'writev',
  'pwritev',
  'pwritev2',
  'readv',
  'preadv',
  'preadv2',
  'ioctl',
  'mmap',
  'openat2',
]);

interface Pending {
  readonly line: number;
  readonly name: string;
  readonly args: StraceValue[];
  /** The call as applied at the unfinished line, and its result if it completed then. */
  applied: Syscall | null;
  result: SysResult | null;
  skipped: string | null;
}

class Replayer {
  world: World | null = null;
  readonly pending = new Map<number, Pending>();
  readonly wakeResults = new Map<number, SysResult>();
  /** Symlink targets that were mapped into the model's tree (readlink maps them back). */
  readonly mappedTargets = new Set<string>();
  /** readlink's real bufsiz (the model reads the whole link, the root prefix is added after). */
  readonly realBufsiz = new WeakMap<Syscall, number>();
  /** Tasks whose cwd left the modelled tree: their relative paths are outside too. */
  readonly cwdOutside = new Set<number>();
  /** Model inodes a skipped call may have changed: differences there are unknown. */
  readonly tainted = new Set<number>();
  /** st_ino renaming: model inode id ↔ real st_ino. */
  readonly inoOfModel = new Map<number, number>();
  readonly modelOfIno = new Map<number, number>();
  calls = 0;
  matched = 0;
  skipped = 0;
  unknown = 0;
  readonly mismatches: Mismatch[] = [];
  readonly skippedByCall: Record<string, number> = {};
  readonly coverage: Record<string, { calls: number; errnos: Set<string> }> = {};
  /** Every fd number the model has had open in any task (an inherited fd was never among them). */
  readonly fdsSeen = new Set<number>();
  /** Fds the log shows open in the real process that the model never had: inherited ones. */
  readonly inheritedEvidence = new Set<number>();
  /** Whether a difference touching the fd table was seen (later ones may follow from it). */
  fdDifferenceSeen = false;
  /** The starting directory's real permission bits, when a stat of it showed other ones. */
  rootModeEvidence: number | null = null;
  /** The same, from the call being compared (evidence only if nothing skipped touched it). */
  rootModeSeen: number | null = null;

  constructor(readonly opts: ReplayOptions) {}

  /** Real path → model path, or null when it is outside the modelled tree. */
  mapPath(p: string, pid: number): string | null {
    if (p.startsWith('/')) {
      const root = this.opts.root;
      if (root !== undefined && (p === root || p.startsWith(`${root}/`))) return p.slice(root.length) || '/';
      if (/^\/proc\/(self|thread-self|\d+)\/fd(\/|$)/.test(p)) return p;
      return null;
    }
    return this.cwdOutside.has(pid) ? null : p;
  }

  /** Model path (d_path output) → the real one, for readlink comparisons. */
  unmapPath(p: string): string {
    const root = this.opts.root;
    if (root === undefined || !p.startsWith('/')) return p;
    return p === '/' ? root : root + p;
  }

  boot(pid: number): void {
    const outsideFds = [0, 1, 2, ...(this.opts.inheritedFds ?? [])];
    const booted = bootWorld({ kernel: this.opts.kernel, rootFs: this.opts.fs, pid, outsideFds });
    const rootMode = this.opts.rootMode;
    this.world =
      rootMode === undefined
        ? booted
        : produce(booted, (d) => {
            const ino = this.rootInode(d, pid);
            const inode = ino === null ? undefined : d.inodes[ino];
            if (inode !== undefined) inode.i_mode = (inode.i_mode & S_IFMT) | (rootMode & 0o7777);
          });
  }

  /** The model inode of the directory the program started in (the model's root). */
  rootInode(w: World, pid: number): number | null {
    const t = w.tasks[pid];
    return t === undefined ? null : (w.dentries[t.root.dentry]?.d_inode ?? null);
  }

  /**
   * Remember the fd numbers every task holds now. Called before each call runs, so the fd a call
   * allocates is not yet among them when that call's own answer is judged.
   */
  noteFds(): void {
    const w = this.world;
    if (w === null) return;
    for (const table of Object.values(w.fdtables))
      for (const fd of Object.keys(table.fds)) this.fdsSeen.add(Number(fd));
  }

  /**
   * A difference that only an fd inherited open explains (the model starts with 0, 1 and 2): the
   * kernel gave a higher fd than the model's lowest free one, and the numbers between were never
   * open in the model; or the kernel accepted an fd the model never had. replayStrace runs the log
   * again with them open from the start.
   */
  inferInherited(pid: number, sc: Syscall, ret: StraceReturn, r: SysResult): void {
    if (ret.kind !== 'value' || ret.value < 0) return;
    const allocates =
      sc.call === 'open' ||
      sc.call === 'openat' ||
      sc.call === 'creat' ||
      sc.call === 'dup' ||
      (sc.call === 'fcntl' && (sc.cmd === F_DUPFD || sc.cmd === F_DUPFD_CLOEXEC));
    if (allocates && r.ok === true && r.ret < ret.value) {
      for (let fd = r.ret; fd < ret.value; fd++) if (!this.fdsSeen.has(fd)) this.inheritedEvidence.add(fd);
      return;
    }
    if (r.ok === false && r.errno === 'EBADF') {
      const fd = this.namedFd(sc);
      if (fd !== null && fd >= 0 && !this.fdsSeen.has(fd)) this.inheritedEvidence.add(fd);
    }
    if (r.ok === false && r.errno === 'ENOENT') {
      for (const path of pathsOf(sc)) {
        const named = procFdOf(path, pid);
        if (named !== null && named.pid === pid && !this.fdsSeen.has(named.fd)) this.inheritedEvidence.add(named.fd);
      }
    }
  }

  /** The fd a call operates on, including the fd-table calls fdOf leaves out. */
  namedFd(sc: Syscall): number | null {
    switch (sc.call) {
      case 'close':
      case 'dup':
      case 'fcntl':
        return sc.fd;
      case 'dup2':
      case 'dup3':
        return sc.oldfd;
      default:
        return this.fdOf(sc);
    }
  }

  skip(name: string, why: string): void {
    void why;
    this.skipped++;
    this.skippedByCall[name] = (this.skippedByCall[name] ?? 0) + 1;
  }

  note(name: string, ret: StraceReturn): void {
    const c = (this.coverage[name] ??= { calls: 0, errnos: new Set() });
    c.calls++;
    if (ret.kind === 'errno') c.errnos.add(ret.errno);
  }

  /** Map every path argument of a Syscall; null if one is outside the modelled tree. */
  mapSyscall(sc: Syscall, pid: number): Syscall | null {
    const m = (p: string): string | null => this.mapPath(p, pid);
    switch (sc.call) {
      case 'open':
      case 'openat':
      case 'creat':
      case 'truncate':
      case 'stat':
      case 'lstat':
      case 'newfstatat':
      case 'statx':
      case 'unlink':
      case 'unlinkat':
      case 'mkdir':
      case 'mkdirat':
      case 'rmdir':
      case 'readlink':
      case 'readlinkat':
      case 'mknod':
      case 'mknodat':
      case 'chdir': {
        if (sc.path === '') return sc;
        const p = m(sc.path);
        return p === null ? null : { ...sc, path: p };
      }
      case 'link':
      case 'linkat':
      case 'rename':
      case 'renameat':
      case 'renameat2': {
        const o = sc.oldpath === '' ? '' : m(sc.oldpath);
        const n = m(sc.newpath);
        return o === null || n === null ? null : { ...sc, oldpath: o, newpath: n };
      }
      case 'symlink':
      case 'symlinkat': {
        const l = m(sc.linkpath);
        if (l === null) return null;
        // An absolute target under the root points into the model's tree too.
        const mapped = sc.target.startsWith('/') ? this.mapPath(sc.target, pid) : null;
        if (mapped !== null) this.mappedTargets.add(mapped);
        return { ...sc, linkpath: l, target: mapped ?? sc.target };
      }
      case 'mount': {
        const t = m(sc.target);
        if (t === null) return null;
        const src = (sc.flags & 0x1000) !== 0 ? m(sc.source) : sc.source; // MS_BIND: the source is a path
        return src === null ? null : { ...sc, target: t, source: src };
      }
      case 'umount2': {
        const t = m(sc.target);
        return t === null ? null : { ...sc, target: t };
      }
      default:
        return sc;
    }
  }

  /** The fd a call works on, when it names one (for outside-file and taint checks). */
  fdOf(sc: Syscall): number | null {
    switch (sc.call) {
      case 'read':
      case 'write':
      case 'pread64':
      case 'pwrite64':
      case 'lseek':
      case 'ftruncate':
      case 'fstat':
      case 'getdents64':
      case 'fchdir':
        return sc.fd;
      case 'newfstatat':
      case 'statx':
      case 'openat':
      case 'unlinkat':
      case 'mkdirat':
      case 'readlinkat':
      case 'mknodat':
        return sc.dirfd === AT_FDCWD ? null : sc.dirfd;
      case 'linkat':
      case 'renameat':
      case 'renameat2':
        return sc.olddirfd === AT_FDCWD ? null : sc.olddirfd;
      default:
        return null;
    }
  }

  /** The model inode a call's fd names, and whether that file is outside the model. */
  fdInode(pid: number, fd: number): { ino: number; outside: boolean } | null {
    const w = this.world;
    if (w === null) return null;
    const t = w.tasks[pid];
    if (t === undefined) return null;
    const f = fdFile(w, t, fd);
    if (f === null) return null;
    const ino = rFile(w, f).f_inode;
    return { ino, outside: rSb(w, rInode(w, ino).i_sb).s_type === 'anon' };
  }

  /** The model inode a path names for `pid` (following links), for taint bookkeeping. */
  pathInode(pid: number, p: string): number | null {
    const w = this.world;
    const mp = this.mapPath(p, pid);
    if (w === null || mp === null) return null;
    const t = w.tasks[pid];
    if (t === undefined) return null;
    const r = filenameLookup(w, t, AT_FDCWD, mp, LOOKUP_FOLLOW);
    if (!r.ok || r.value.kind !== 'path') return null;
    return w.dentries[r.value.path.dentry]?.d_inode ?? null;
  }

  taint(pid: number, name: string, args: readonly StraceValue[]): void {
    for (const a of args) {
      if (a.kind === 'str' && !a.truncated && a.value.length > 0) {
        const ino = this.pathInode(pid, a.value);
        if (ino !== null) this.tainted.add(ino);
      }
    }
    const fd = num(args[0]);
    if (fd !== null && name !== 'mmap') {
      const fi = this.fdInode(pid, fd);
      if (fi !== null) this.tainted.add(fi.ino);
    }
    if (name === 'mmap') {
      const fdArg = num(args[4]);
      const fi = fdArg === null ? null : this.fdInode(pid, fdArg);
      if (fi !== null) this.tainted.add(fi.ino);
    }
  }

  /** Occupy fds a skipped call returned, so the model's numbering stays in step. */
  occupy(pid: number, name: string, args: readonly StraceValue[], ret: StraceReturn): void {
    const w = this.world;
    if (w === null || ret.kind !== 'value') return;
    const fds: number[] = [];
    if (
      FD_RETURNING.has(name) ||
      name === 'open' ||
      name === 'openat' ||
      name === 'creat' ||
      name === 'dup' ||
      name === 'fcntl'
    ) {
      if (ret.value >= 0 && (name !== 'fcntl' || /F_DUPFD/.test(JSON.stringify(args[1] ?? '')))) fds.push(ret.value);
    }
    if (FD_PAIR.has(name)) {
      const arr = args[name === 'socketpair' ? 3 : 0];
      if (arr !== undefined && arr.kind === 'array')
        for (const v of arr.items) if (num(v) !== null) fds.push(num(v) ?? 0);
    }
    if (fds.length === 0) return;
    // O_CLOEXEC, SOCK_CLOEXEC, EFD_CLOEXEC, F_DUPFD_CLOEXEC...: strace prints each flag by name.
    const cloexec = args.some(
      (a) => a.kind === 'flags' && a.parts.some((p) => typeof p === 'string' && p.endsWith('CLOEXEC')),
    );
    this.world = produce(w, (d) => {
      const t = d.tasks[pid];
      if (t === undefined) return;
      for (const fd of fds) {
        if (d.fdtables[t.files]?.fds[fd] === undefined) installOutsideFile(d, pid, fd, cloexec);
      }
    });
  }

  /** Apply a call in the model; the result, or the reason it was skipped. */
  apply(pid: number, sc: Syscall): { result: SysResult; wakeups: readonly Wakeup[] } | { skip: string } {
    const w = this.world;
    if (w === null) return { skip: 'before the program started' };
    this.noteFds();
    try {
      const out = step(w, pid, sc);
      this.world = out.world;
      // A child starts in its parent's cwd (copy_fs_struct), outside the tree when the parent's is.
      const forks = sc.call === 'fork' || sc.call === 'vfork' || sc.call === 'clone';
      if (forks && out.result.ok === true && this.cwdOutside.has(pid)) this.cwdOutside.add(out.result.ret);
      return { result: out.result, wakeups: out.wakeups };
    } catch (e) {
      if (e instanceof Unmodelled) return { skip: e.message };
      throw e;
    }
  }

  /** Decode, map and check a call; null with a reason when it is skipped. */
  prepare(pid: number, name: string, args: readonly StraceValue[], ret: number | null): Syscall | string {
    const raw = toSyscall(name, args, ret);
    if (raw === null) return 'not modelled or undecodable';
    const sc = this.mapSyscall(raw, pid);
    if (sc === null) return 'outside the modelled tree';
    const fd = this.fdOf(sc);
    if (fd !== null && fd >= 0) {
      const fi = this.fdInode(pid, fd);
      if (fi !== null && fi.outside && sc.call !== 'close') return 'a descriptor the model does not look into';
    }
    for (const path of pathsOf(sc)) {
      const named = procFdOf(path, pid);
      if (named !== null && this.fdInode(named.pid, named.fd)?.outside === true)
        return 'a /proc fd link to a descriptor the model does not look into';
    }
    // The fd table is the model's, but an outside file's open flags are not (the program opened it
    // before the trace or outside the root).
    if (sc.call === 'fcntl' && (sc.cmd === F_GETFL || sc.cmd === F_SETFL) && this.fdInode(pid, sc.fd)?.outside === true)
      return 'the flags of a descriptor the model does not look into';
    if (this.world !== null && this.world.tasks[pid] === undefined) return `unknown pid ${pid}`;
    if ((sc.call === 'readlink' || sc.call === 'readlinkat') && sc.bufsiz > 0) {
      const whole = { ...sc, bufsiz: 4096 };
      this.realBufsiz.set(whole, sc.bufsiz);
      return whole;
    }
    return sc;
  }

  /** Compare the kernel's answer with the model's; record a match, a mismatch or an unknown. */
  compare(
    line: number,
    pid: number,
    name: string,
    sc: Syscall,
    args: readonly StraceValue[],
    ret: StraceReturn,
    r: SysResult,
  ): void {
    this.calls++;
    const diffs: string[] = [];
    const expect = ret.kind === 'errno' ? ret.errno : ret.kind === 'value' ? String(ret.value) : '?';
    const got = r.ok === true ? String(this.realRet(sc, r)) : r.ok === false ? r.errno : 'blocked';
    if (ret.kind !== 'unknown' && expect !== got) diffs.push(`returned ${expect}, model ${got}`);
    let tainted = false;
    const fd = this.fdOf(sc);
    if (fd !== null) {
      const fi = this.fdInode(pid, fd);
      if (fi !== null && this.tainted.has(fi.ino)) tainted = true;
    }
    if (diffs.length === 0 && r.ok === true && ret.kind === 'value')
      this.compareOutputs(sc, args, r, diffs, pid, (t) => {
        if (t) tainted = true;
      });
    if (diffs.length === 0) {
      this.matched++;
      return;
    }
    const rootMode = this.rootModeSeen;
    this.rootModeSeen = null;
    if (tainted) {
      this.unknown++;
      return;
    }
    if (rootMode !== null && this.rootModeEvidence === null) this.rootModeEvidence = rootMode;
    // Only the first difference touching the fd table is evidence of inherited fds: later ones may
    // follow from it (an fd the model put elsewhere is then "bad" in the model too). A difference
    // elsewhere (a mode, a size) leaves fd numbering alone.
    const touchesFds =
      FD_TABLE_CALLS.has(sc.call) ||
      (r.ok === false && r.errno === 'EBADF') ||
      pathsOf(sc).some((path) => procFdOf(path, pid) !== null);
    if (touchesFds && !this.fdDifferenceSeen) {
      this.fdDifferenceSeen = true;
      this.inferInherited(pid, sc, ret, r);
    }
    this.mismatches.push({ line, call: name, expected: expect, model: diffs.join('; ') });
  }

  /** The model's readlink text as the real system shows it: d_path and mapped targets gain the root. */
  realLink(sc: Syscall, link: string): string {
    const p = 'path' in sc ? sc.path : '';
    if (p.startsWith('/proc/') || this.mappedTargets.has(link)) return this.unmapPath(link);
    return link;
  }

  /** The return value as the real system would give it (readlink counts real path bytes). */
  realRet(sc: Syscall, r: Extract<SysResult, { ok: true }>): number {
    if ((sc.call === 'readlink' || sc.call === 'readlinkat') && r.link !== undefined) {
      const want = this.realBufsiz.get(sc) ?? sc.bufsiz;
      return Math.min(this.realLink(sc, r.link).length, want);
    }
    return r.ret;
  }

  compareOutputs(
    sc: Syscall,
    args: readonly StraceValue[],
    r: Extract<SysResult, { ok: true }>,
    diffs: string[],
    pid: number,
    onTaint: (t: boolean) => void,
  ): void {
    const w = this.world;
    if (w === null) return;
    switch (sc.call) {
      case 'read':
      case 'pread64': {
        const shown = args[1];
        if (shown !== undefined && shown.kind === 'str' && r.data !== undefined) {
          const model = shown.truncated ? r.data.slice(0, shown.value.length) : r.data;
          if (model !== shown.value) diffs.push(`read ${JSON.stringify(shown.value)}, model ${JSON.stringify(model)}`);
        }
        return;
      }
      case 'readlink':
      case 'readlinkat': {
        const shown = args[sc.call === 'readlink' ? 1 : 2];
        if (shown !== undefined && shown.kind === 'str' && r.link !== undefined) {
          const want = this.realBufsiz.get(sc) ?? sc.bufsiz;
          const model = this.realLink(sc, r.link).slice(0, want);
          const m = shown.truncated ? model.slice(0, shown.value.length) : model;
          if (m !== shown.value) diffs.push(`link ${JSON.stringify(shown.value)}, model ${JSON.stringify(m)}`);
        }
        return;
      }
      case 'stat':
      case 'lstat':
      case 'fstat':
      case 'newfstatat':
      case 'statx': {
        const idx =
          sc.call === 'stat' || sc.call === 'lstat' || sc.call === 'fstat' ? 1 : sc.call === 'newfstatat' ? 2 : 4;
        const st = args[idx];
        if (st === undefined || st.kind !== 'struct' || r.stat === undefined) return;
        const p = sc.call === 'statx' ? 'stx_' : 'st_';
        const mode = num(st.fields[`${p}mode`]);
        const nlink = num(st.fields[`${p}nlink`]);
        const size = num(st.fields[`${p}size`]);
        const ino = num(st.fields[`${p}ino`]);
        const isDir = mode !== null && (mode & 0o170000) === 0o040000;
        const modelIno = this.statInode(pid, sc);
        if (modelIno !== null && this.tainted.has(modelIno)) onTaint(true);
        if (mode !== null && mode !== r.stat.st_mode) {
          diffs.push(`st_mode 0${mode.toString(8)}, model 0${r.stat.st_mode.toString(8)}`);
          // The starting directory was made before the trace (a tmpfs root is 1777, say).
          if (isDir && modelIno !== null && modelIno === this.rootInode(w, pid)) this.rootModeSeen = mode & 0o7777;
        }
        if (nlink !== null && nlink !== r.stat.st_nlink) diffs.push(`st_nlink ${nlink}, model ${r.stat.st_nlink}`);
        if (!isDir && size !== null && size !== r.stat.st_size) diffs.push(`st_size ${size}, model ${r.stat.st_size}`);
        if (ino !== null && modelIno !== null) this.checkIno(ino, modelIno, diffs);
        return;
      }
      case 'getdents64': {
        const arr = args[1];
        if (arr === undefined || arr.kind !== 'array' || arr.truncated || r.dents === undefined) return;
        const real = arr.items.map((e) => (e.kind === 'struct' ? (str(e.fields['d_name']) ?? '?') : '?'));
        const model = r.dents.map((d) => d.d_name);
        const ordered = this.opts.fs !== 'ext4' && this.opts.fs !== 'ext3';
        const a = ordered ? real : [...real].sort();
        const b = ordered ? model : [...model].sort();
        if (a.join('\0') !== b.join('\0')) diffs.push(`names [${real.join(', ')}], model [${model.join(', ')}]`);
        return;
      }
      default:
        return;
    }
  }

  /** The model inode a stat call looked at (after it ran: the names are unchanged by stat). */
  statInode(pid: number, sc: Syscall): number | null {
    const w = this.world;
    if (w === null) return null;
    const t = w.tasks[pid];
    if (t === undefined) return null;
    if (sc.call === 'fstat') return this.fdInode(pid, sc.fd)?.ino ?? null;
    const path = 'path' in sc ? sc.path : '';
    const dfd = 'dirfd' in sc ? sc.dirfd : AT_FDCWD;
    const flags = 'flags' in sc ? sc.flags : 0;
    const follow = sc.call !== 'lstat' && (flags & 0x100) === 0;
    const r = filenameLookup(w, t, dfd, path, (follow ? LOOKUP_FOLLOW : 0) | ((flags & 0x1000) !== 0 ? 0x4 : 0));
    if (!r.ok || r.value.kind !== 'path') return null;
    return w.dentries[r.value.path.dentry]?.d_inode ?? null;
  }

  /** st_ino up to a consistent renaming of live inodes. */
  checkIno(real: number, model: number, diffs: string[]): void {
    const w = this.world;
    // Forget pairs whose model inode has been freed (the kernel may reuse the number).
    const prevModel = this.modelOfIno.get(real);
    if (prevModel !== undefined && w !== null && w.inodes[prevModel] === undefined) this.modelOfIno.delete(real);
    const knownReal = this.inoOfModel.get(model);
    const knownModel = this.modelOfIno.get(real);
    if (knownReal === undefined && knownModel === undefined) {
      this.inoOfModel.set(model, real);
      this.modelOfIno.set(real, model);
      return;
    }
    if (knownReal !== real || knownModel !== model) {
      diffs.push(`st_ino ${real} is not the inode the model has there`);
    }
  }

  event(e: StraceEvent): void {
    if (this.world === null) {
      if (e.kind === 'call' && e.name === 'execve' && e.ret.kind === 'value' && e.ret.value === 0) {
        this.boot(e.pid);
        this.skip('execve', 'the program starts');
        return;
      }
      this.boot(e.pid);
    }
    const w = this.world as World;
    if (e.kind !== 'exited' && e.kind !== 'killed' && e.kind !== 'signal' && w.tasks[e.pid] === undefined) {
      this.adoptChild(e.pid);
    }
    switch (e.kind) {
      case 'signal':
        return;
      case 'exited':
      case 'killed':
        this.exitTask(e.pid);
        return;
      case 'unfinished': {
        const p: Pending = {
          line: e.line,
          name: e.name,
          args: [...e.args],
          applied: null,
          result: null,
          skipped: null,
        };
        this.pending.set(e.pid, p);
        // Calls that create tasks wait for the child's pid; others run now if their inputs are known.
        if (e.name === 'clone' || e.name === 'clone3' || e.name === 'fork' || e.name === 'vfork') return;
        const sc = this.prepare(e.pid, e.name, e.args, null);
        if (typeof sc === 'string') return;
        const out = this.apply(e.pid, sc);
        if ('skip' in out) {
          p.skipped = out.skip;
          return;
        }
        p.applied = sc;
        if (out.result.ok !== 'blocked') p.result = out.result;
        this.collectWakeups(out.wakeups);
        return;
      }
      case 'resumed': {
        const p = this.pending.get(e.pid);
        this.pending.delete(e.pid);
        const args = [...(p?.args ?? []), ...e.args];
        const name = p?.name ?? e.name;
        if (p !== undefined && p.applied !== null) {
          const r = p.result ??
            this.wakeResults.get(e.pid) ?? { ok: 'blocked' as const, reason: 'still asleep in the model' };
          this.wakeResults.delete(e.pid);
          this.note(name, e.ret);
          this.compare(e.line, e.pid, name, p.applied, args, e.ret, r);
          return;
        }
        this.complete(e.line, e.pid, name, args, e.ret);
        return;
      }
      case 'call':
        this.complete(e.line, e.pid, e.name, [...e.args], e.ret);
        return;
    }
  }

  /** A call seen whole (or resumed without having been applied): apply, then compare. */
  complete(line: number, pid: number, name: string, args: StraceValue[], ret: StraceReturn): void {
    if (name === 'execve' && (ret.kind !== 'value' || ret.value !== 0)) {
      this.skip(name, 'a failed execve changes nothing');
      return;
    }
    const retVal = ret.kind === 'value' ? ret.value : null;
    if ((name === 'clone' || name === 'clone3' || name === 'fork' || name === 'vfork') && retVal !== null) {
      if (this.world?.tasks[retVal] !== undefined) {
        // Applied already when the child showed up first.
        this.calls++;
        this.matched++;
        this.note(name, ret);
        return;
      }
    }
    const sc = this.prepare(pid, name, args, retVal);
    if (typeof sc === 'string') {
      this.skipped++;
      this.skippedByCall[name] = (this.skippedByCall[name] ?? 0) + 1;
      if (TAINTING.has(name)) this.taint(pid, name, args);
      this.occupy(pid, name, args, ret);
      if (name === 'chdir' || name === 'fchdir') this.cwdOutside.add(pid);
      return;
    }
    const out = this.apply(pid, sc);
    if ('skip' in out) {
      // Unmodelled here (e.g. opening /proc/self/fd/ itself): still a call the model did not see.
      this.skip(name, out.skip);
      if (TAINTING.has(name)) this.taint(pid, name, args);
      this.occupy(pid, name, args, ret);
      if (name === 'chdir' || name === 'fchdir') this.cwdOutside.add(pid);
      return;
    }
    this.collectWakeups(out.wakeups);
    if (sc.call === 'chdir' || sc.call === 'fchdir') this.cwdOutside.delete(pid);
    if (sc.call === 'execve') {
      this.skip(name, 'execve: only its effect on files is modelled');
      return;
    }
    if (sc.call === 'exit' || sc.call === 'exit_group') {
      this.calls++;
      this.matched++;
      this.note(name, ret);
      return;
    }
    this.note(name, ret);
    this.compare(line, pid, name, sc, args, ret, out.result);
  }

  collectWakeups(ws: readonly Wakeup[]): void {
    for (const wk of ws) this.wakeResults.set(wk.pid, wk.result);
  }

  /** A pid appeared before its parent's clone returned: run that clone now, with this pid. */
  adoptChild(child: number): void {
    for (const [parent, p] of this.pending) {
      if (!['clone', 'clone3', 'fork', 'vfork'].includes(p.name) || p.applied !== null) continue;
      const sc = toSyscall(p.name, p.args, child);
      if (sc === null) continue;
      const out = this.apply(parent, sc);
      if ('skip' in out) continue;
      p.applied = sc;
      p.result = out.result;
      return;
    }
  }

  exitTask(pid: number): void {
    const w = this.world;
    if (w === null) return;
    const t = w.tasks[pid];
    if (t === undefined || t.state === 'zombie') return;
    this.world = produce(w, (d) => {
      doExit(d, pid, 0);
    });
  }

  report(): ReplayReport {
    const coverage: Record<string, { calls: number; errnos: string[] }> = {};
    for (const [k, v] of Object.entries(this.coverage)) coverage[k] = { calls: v.calls, errnos: [...v.errnos].sort() };
    return {
      calls: this.calls,
      matched: this.matched,
      mismatched: this.mismatches.length,
      skipped: this.skipped,
      unknown: this.unknown,
      mismatches: this.mismatches,
      skippedByCall: this.skippedByCall,
      coverage,
      inheritedFds: [...(this.opts.inheritedFds ?? [])],
      rootMode: this.opts.rootMode ?? null,
    };
  }
}

/** The path arguments of a call (after mapping). */
function pathsOf(sc: Syscall): string[] {
  const out: string[] = [];
  for (const key of ['path', 'oldpath', 'newpath'] as const) {
    const v = (sc as Partial<Record<typeof key, unknown>>)[key];
    if (typeof v === 'string') out.push(v);
  }
  return out;
}

/** /proc/self/fd/N, /proc/thread-self/fd/N or /proc/PID/fd/N: whose fd it names, or null. */
function procFdOf(path: string, pid: number): { pid: number; fd: number } | null {
  const m = /^\/proc\/(self|thread-self|\d+)\/fd\/(\d+)(\/|$)/.exec(path);
  if (m === null) return null;
  const who = m[1] === 'self' || m[1] === 'thread-self' ? pid : Number(m[1]);
  return { pid: who, fd: Number(m[2]) };
}

/** Rounds of inference at most: each adds at least one fd, and a process rarely inherits more. */
const MAX_INHERITANCE_ROUNDS = 64;

/**
 * Replay parsed strace events on the model. A program may start with more fds open than 0, 1 and
 * 2 (a job runner's, a shell's); when the log shows such fds, the replay runs again with them open
 * from the start, and the report names them.
 */
export function replayStrace(events: readonly StraceEvent[], opts: ReplayOptions): ReplayReport {
  let inherited = [...(opts.inheritedFds ?? [])].sort((a, b) => a - b);
  let rootMode = opts.rootMode;
  for (let round = 0; ; round++) {
    const r = new Replayer({ ...opts, inheritedFds: inherited, ...(rootMode === undefined ? {} : { rootMode }) });
    for (const e of events) r.event(e);
    const found = [...r.inheritedEvidence].filter((fd) => fd > 2 && !inherited.includes(fd));
    const newRootMode = rootMode === undefined && r.rootModeEvidence !== null ? r.rootModeEvidence : undefined;
    if ((found.length === 0 && newRootMode === undefined) || round === MAX_INHERITANCE_ROUNDS) return r.report();
    inherited = [...inherited, ...found].sort((a, b) => a - b);
    if (newRootMode !== undefined) rootMode = newRootMode;
  }
}
