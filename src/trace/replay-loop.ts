/**
 * One pass of an strace replay: events in log order, each call applied on the model when its
 * inputs are known (at `<unfinished ...>` when that line holds them, so a blocking fifo open
 * blocks in the model too, otherwise at `<... resumed>`) and compared when the kernel's answer is
 * printed. Every call lands in exactly one bucket: compared (matched, mismatched, unknown),
 * outside the root, a modelled call not compared (with its reason), or a syscall the model does
 * not implement. The evidence of inherited fds and of the root's mode is collected for the next
 * pass (strace-replay.ts).
 */
import { listsInHashOrder, type MountableFsType } from '../model/fstype.js';
import type { Sysctls } from '../model/sysctl.js';
import type { World } from '../model/world.js';
import type { Violation } from '../invariants/violation.js';
import { InputError, NotRunnable, Unmodelled } from '../model/errors.js';
import type { SysResult } from './model-answers.js';
import { Session, type Wakeup } from '../session/session.js';
import type { Syscall } from '../model/syscall/syscall.js';
import { renderCall } from '../model/syscall/render.js';
import { STRACE_NAMES, toSyscall } from './args.js';
import { asksCloexec, fdsReturned, returnsFd } from './replay-fds.js';
import { Judge } from './replay-judge.js';
import { procFdOf } from './replay-paths.js';
import { pathArgs } from '../model/syscall/queries.js';
import { INVARIANTS_HOLD, type SkipReason } from './replay-report.js';
import {
  bootReplayWorld,
  exitTask,
  fdInode,
  occupyFds,
  releaseZombie,
  setSysctl,
  startProgram,
} from './replay-world.js';
import { SysctlWrites } from './replay-sysctl.js';
import type { StraceEvent, StraceReturn, StraceValue } from './strace-ast.js';
import { NR_OPEN } from './model-answers.js';

export interface PassOptions {
  readonly root: string | undefined;
  /** The fds every program starts with (0-2 and any inherited ones). */
  readonly fds: readonly number[];
  readonly rootMode: number | undefined;
  /** RLIMIT_NOFILE's soft limit, stated or inferred; the kernel's default when undefined. */
  readonly nofile: number | undefined;
  /** Root's starting capabilities, stated; every one when undefined. */
  readonly caps: number | undefined;
  /** The fs.protected_* sysctls the traced machine ran with. */
  readonly sysctl: Sysctls;
  /** The log, for bad input that names its line. */
  readonly file: string;
  readonly fs: MountableFsType;
  readonly kernel: string;
  readonly invariants: 'every' | 'end';
  /** Sees every call the model ran, with the worlds around it (teaching draws a log's steps from them). */
  readonly onCall?: ((c: AppliedCall) => void) | undefined;
}

/** A call the pass ran on the model: its log line, the call as mapped, its answer, the worlds before and after. */
export interface AppliedCall {
  readonly line: number;
  readonly pid: number;
  readonly sc: Syscall;
  readonly result: SysResult;
  readonly before: World;
  readonly after: World;
}

type Skip = { readonly kind: SkipReason['kind']; readonly reason: string };

interface Pending {
  readonly line: number;
  readonly name: string;
  readonly args: StraceValue[];
  /** The call as applied at the unfinished line, and its result if it completed then. */
  applied: Syscall | null;
  result: SysResult | null;
}

const FORKS = new Set(['clone', 'clone3', 'fork', 'vfork']);

export class ReplayPass {
  readonly judge: Judge;
  readonly pending = new Map<number, Pending>();
  readonly wakeResults = new Map<number, SysResult>();
  /** readlink's real bufsiz (the model reads the whole link, the root prefix is added after). */
  readonly realBufsiz = new WeakMap<Syscall, number>();
  programs = 0;
  lastLine = 0;
  /** The invariants broken after the last audit. */
  private violated = new Set<string>();
  /** The model's calls: a world per call (the judge keeps the one it looks at), checked as the options say. */
  private readonly session: Session;
  /** The log's writes to /proc/sys/fs/protected_*, which set the model's sysctls. */
  private readonly sysctlWrites: SysctlWrites;

  constructor(readonly opts: PassOptions) {
    this.sysctlWrites = new SysctlWrites(opts.file);
    this.session = new Session(bootReplayWorld(opts), {
      representation: 'immer',
      invariants: { when: opts.invariants, set: 'state' },
    });
    this.judge = new Judge(this.session.world, opts.root, !listsInHashOrder(opts.fs));
  }

  get world(): World {
    return this.session.world;
  }

  /** The world as something other than a traced call left it (a program started or ended, fds occupied): not checked. */
  private outside(w: World): void {
    this.session.replace(w);
    this.judge.world = w;
  }

  run(events: readonly StraceEvent[]): void {
    for (const e of events) this.event(e);
    for (const pid of [...this.pending.keys()]) this.noResult(pid);
    this.audit(this.lastLine, null, this.session.end());
  }

  /**
   * A call whose result the log never prints (the process exited or was killed inside it, or the
   * log ends): exit and exit_group have none to print; any other modelled call went uncompared.
   */
  private noResult(pid: number): void {
    const p = this.pending.get(pid);
    this.pending.delete(pid);
    if (p === undefined) return;
    if (p.applied !== null && (p.applied.call === 'exit' || p.applied.call === 'exit_group')) {
      const r: SysResult = p.result ?? { ok: true, ret: 0 };
      this.judge.compare(p.line, pid, p.name, p.applied, p.args, { kind: 'unknown' }, r, undefined);
      return;
    }
    const why = p.applied !== null ? null : this.prepare(pid, p.name, p.args, null);
    const skip: Skip =
      why !== null && 'kind' in why && why.kind !== 'modelled'
        ? why
        : { kind: 'modelled', reason: 'no result in the log (the process ended inside the call, or the log did)' };
    this.judge.skipped(p.line, p.name, skip.kind, skip.reason);
  }

  /** A descriptor at or past NR_OPEN is one no kernel hands out: the log is not a real one. */
  private checkFdLimit(e: StraceEvent): void {
    if (e.kind !== 'call' && e.kind !== 'resumed') return;
    const args = [...(this.pending.get(e.pid)?.args ?? []), ...e.args];
    if (e.ret.kind === 'value' && e.ret.value >= NR_OPEN && returnsFd(e.name, args))
      throw new InputError(this.opts.file, e.line, `${e.name} returned fd ${e.ret.value}, past NR_OPEN (${NR_OPEN})`);
  }

  event(e: StraceEvent): void {
    this.lastLine = e.line;
    if (e.kind === 'signal') return;
    if (e.kind === 'exited' || e.kind === 'killed') {
      this.noResult(e.pid);
      // The log shows the exit once the parent can reap it; the model has no wait4, so the zombie
      // is released here (a log of thousands of processes would otherwise keep them all).
      this.outside(releaseZombie(exitTask(this.world, e.pid), e.pid));
      this.judge.forgetTask(e.pid);
      return;
    }
    // A pid the model has no task for (new, or reused after its `+++ exited` line) starts a
    // program, unless a pending clone of its parent explains it. A zombie whose exit_group is
    // still printing its `<... resumed>` line is not new; one making any other call is a reused
    // pid whose `+++ exited` line the log lost.
    if (this.world.tasks[e.pid]?.state === 'zombie' && e.kind !== 'resumed')
      this.outside(releaseZombie(this.world, e.pid));
    if (this.world.tasks[e.pid] === undefined && !this.adoptChild(e.pid)) {
      this.outside(startProgram(this.world, e.pid, this.opts.fds));
      this.judge.paths.cwdOutside.delete(e.pid);
      this.judge.forgetTask(e.pid);
      this.programs++;
    }
    this.checkFdLimit(e);
    switch (e.kind) {
      case 'unfinished': {
        const p: Pending = { line: e.line, name: e.name, args: [...e.args], applied: null, result: null };
        this.pending.set(e.pid, p);
        // Calls that create tasks wait for the child's pid, and execve for its result (only a
        // successful one is applied); others run now if their inputs are known.
        if (FORKS.has(e.name) || e.name === 'execve') return;
        const sc = this.prepare(e.pid, e.name, e.args, null);
        if ('kind' in sc) return; // decided again at the resumed line, with every argument
        const out = this.apply(e.pid, sc, e.line);
        if ('kind' in out) return;
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
          this.judge.compare(e.line, e.pid, name, p.applied, args, e.ret, r, this.realBufsiz.get(p.applied));
          return;
        }
        if (p === undefined) {
          // Attached in the middle of it (strace -p): its arguments are not all in the log.
          const skip: Skip = STRACE_NAMES.has(name)
            ? { kind: 'modelled', reason: 'a call that began before the log (strace -p attached during it)' }
            : { kind: 'unmodelled', reason: 'a syscall the model does not implement' };
          this.skip(e.line, e.pid, name, args, e.ret, skip);
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
  private complete(line: number, pid: number, name: string, args: StraceValue[], ret: StraceReturn): void {
    const retVal = ret.kind === 'value' ? ret.value : null;
    if (FORKS.has(name) && retVal !== null && retVal > 0 && this.world.tasks[retVal] !== undefined) {
      // The child showed up before this clone and, with no clone pending, started as a program.
      this.skip(line, pid, name, args, ret, { kind: 'modelled', reason: 'a clone seen only after its child ran' });
      return;
    }
    let sc = this.prepare(pid, name, args, retVal);
    if (!('kind' in sc) && sc.call === 'execve' && retVal !== 0) {
      // The model does not look up programs: only a successful execve is applied.
      sc =
        this.judge.paths.mapPath(sc.filename, pid) === null
          ? { kind: 'outside', reason: 'a path outside the root' }
          : { kind: 'modelled', reason: 'a failed execve (the model does not look up the program)' };
    }
    if ('kind' in sc) {
      this.skip(line, pid, name, args, ret, sc);
      return;
    }
    const out = this.apply(pid, sc, line);
    if ('kind' in out) {
      this.skip(line, pid, name, args, ret, out);
      return;
    }
    this.collectWakeups(out.wakeups);
    if (sc.call === 'chdir' || sc.call === 'fchdir') this.judge.paths.cwdOutside.delete(pid);
    this.judge.compare(line, pid, name, sc, args, ret, out.result, this.realBufsiz.get(sc));
  }

  private skip(line: number, pid: number, name: string, args: StraceValue[], ret: StraceReturn, why: Skip): void {
    this.judge.skipped(line, name, why.kind, why.reason);
    this.judge.taintBy(line, pid, name, args, ret);
    this.occupy(pid, args, name, ret);
    const set = this.sysctlWrites.observe(line, pid, name, args, ret);
    if (set !== null) this.outside(setSysctl(this.world, set.name, set.value));
    if ((name === 'chdir' || name === 'fchdir') && ret.kind === 'value' && ret.value === 0)
      this.judge.paths.cwdOutside.add(pid);
  }

  private collectWakeups(ws: readonly Wakeup[]): void {
    for (const wk of ws) this.wakeResults.set(wk.pid, wk.result);
  }

  /** A pid appeared before its parent's clone returned: run that clone now, with this pid. */
  private adoptChild(child: number): boolean {
    for (const [parent, p] of this.pending) {
      if (!FORKS.has(p.name) || p.applied !== null || this.world.tasks[parent] === undefined) continue;
      const sc = toSyscall(p.name, p.args, child);
      if (sc === null) continue;
      this.outside(releaseZombie(this.world, child));
      const out = this.apply(parent, sc, p.line);
      if ('kind' in out) continue;
      p.applied = sc;
      p.result = out.result;
      return this.world.tasks[child] !== undefined;
    }
    return false;
  }

  /** Occupy fds a skipped call returned, so the model's numbering stays in step. */
  private occupy(pid: number, args: readonly StraceValue[], name: string, ret: StraceReturn): void {
    const fds = fdsReturned(name, args, ret);
    if (fds.length === 0 || this.world.tasks[pid] === undefined) return;
    this.outside(occupyFds(this.world, pid, fds, asksCloexec(args)));
  }

  /** Apply a call in the model; the result, or why it could not run. */
  private apply(pid: number, sc: Syscall, line: number): { result: SysResult; wakeups: readonly Wakeup[] } | Skip {
    this.judge.noteFds();
    try {
      const before = this.session.world;
      const out = this.session.run(pid, sc);
      this.judge.world = this.session.world;
      this.opts.onCall?.({ line, pid, sc, result: out.result, before, after: this.session.world });
      // A child starts in its parent's cwd (copy_fs_struct), outside the tree when the parent's is.
      const forks = sc.call === 'fork' || sc.call === 'vfork' || sc.call === 'clone';
      if (forks && out.result.ok === true && this.judge.paths.cwdOutside.has(pid))
        this.judge.paths.cwdOutside.add(out.result.ret);
      this.audit(line, sc, out.violations);
      return { result: out.result, wakeups: out.wakeups };
    } catch (e) {
      if (!(e instanceof Unmodelled) && !(e instanceof NotRunnable)) throw e;
      // /proc beyond the fd links (the /proc/self/fd directory itself) is not under the root.
      const paths = pathArgs(sc);
      if (paths.length > 0 && paths.every((p) => p.path.startsWith('/proc/')))
        return { kind: 'outside', reason: e.message };
      return { kind: 'modelled', reason: e.message };
    }
  }

  /**
   * A violated invariant is a failure, pinned to the line after which it breaks (once while it
   * stays broken): after call `sc`, or at the end of the log (null).
   */
  private audit(line: number, sc: Syscall | null, violations: readonly Violation[]): void {
    const now = new Set<string>();
    for (const v of violations) {
      if (now.has(v.invariant)) continue;
      now.add(v.invariant);
      if (this.violated.has(v.invariant)) continue;
      const call = sc?.call ?? 'end of log';
      const shown = sc === null ? call : renderCall(sc);
      this.judge.invariantBroken({
        line,
        call,
        shown,
        expected: INVARIANTS_HOLD,
        model: `${v.invariant}: ${v.message}`,
      });
    }
    this.violated = now;
  }

  /** Decode, map and check a call: the Syscall to run, or why it is not compared. */
  private prepare(pid: number, name: string, args: readonly StraceValue[], ret: number | null): Syscall | Skip {
    const raw = toSyscall(name, args, ret);
    if (raw === null) {
      if (!STRACE_NAMES.has(name)) return { kind: 'unmodelled', reason: 'a syscall the model does not implement' };
      if (args.some((a) => a.kind === 'str' && a.truncated))
        return { kind: 'modelled', reason: `${name}: a string longer than strace's -s printed` };
      return { kind: 'modelled', reason: `${name}: an argument the replay cannot decode` };
    }
    const sc = this.judge.paths.mapSyscall(raw, pid, this.world);
    if (sc === null) return { kind: 'outside', reason: 'a path outside the root' };
    const outsideFd = this.judge.outsideFdOf(pid, sc);
    if (outsideFd !== null) return { kind: 'outside', reason: outsideFd };
    for (const { path } of pathArgs(sc)) {
      const named = procFdOf(path, pid);
      if (named !== null && fdInode(this.world, named.pid, named.fd)?.outside === true)
        return { kind: 'outside', reason: 'a /proc fd link to a descriptor opened outside the root' };
    }
    if ((sc.call === 'readlink' || sc.call === 'readlinkat') && sc.bufsiz > 0) {
      const whole = { ...sc, bufsiz: 4096 };
      this.realBufsiz.set(whole, sc.bufsiz);
      return whole;
    }
    return sc;
  }
}
