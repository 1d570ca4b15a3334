/**
 * The verdict on each call of an strace replay: compared (matched, mismatched, or unknown when a
 * skipped call that succeeded may have changed the file it looks at), or not compared, with the
 * reason. Also gathers the evidence that the program inherited fds besides the stated ones, or
 * that its starting directory has another mode than the model's guess.
 */
import type { World } from '../model/world.js';
import { F_GETFL, F_SETFL, AT_FDCWD } from '../model/flags.js';
import type { SysResult } from './model-answers.js';
import type { Syscall } from '../model/syscall/syscall.js';
import { renderCall } from '../model/syscall/render.js';
import { num } from './args-values.js';
import { OutputComparer, statInode } from './replay-compare.js';
import { inheritedEvidence, nofileEvidence, touchesFdTable } from './replay-fds.js';
import { fdsOf, pathArgs } from '../model/syscall/queries.js';
import { PathMapper } from './replay-paths.js';
import type { Mismatch, SkipReason } from './replay-report.js';
import { changesCreds, taintTargets } from './replay-taint.js';
import { fdInode, inodeAt, rootInode } from './replay-world.js';
import type { StraceReturn, StraceValue } from './strace-ast.js';

export class Judge {
  readonly paths: PathMapper;
  readonly comparer: OutputComparer;
  matched = 0;
  unknown = 0;
  outside = 0;
  skippedModelled = 0;
  unmodelled = 0;
  readonly mismatches: Mismatch[] = [];
  // Keyed by names from the log, so without a prototype ("constructor" is a name like any other).
  readonly skippedByCall: Record<string, number> = Object.create(null) as Record<string, number>;
  readonly skipReasons = Object.create(null) as Record<
    string,
    { kind: SkipReason['kind']; count: number; firstLine: number }
  >;
  readonly coverage = Object.create(null) as Record<string, { calls: number; errnos: Set<string> }>;
  /** Model inodes a skipped call that succeeded may have changed, with that call. */
  readonly tainted = new Map<number, string>();
  /** Tasks whose credentials a skipped call may have changed, with that call (replay-taint.ts: changesCreds). */
  private readonly credTainted = new Map<number, string>();
  /** Every fd number the model has had open in any task (an inherited fd was never among them). */
  readonly everOpen = new Set<number>();
  /** Fds only an inherited fd explains, with the line that showed it. */
  readonly fdEvidence = new Map<number, number>();
  /** The first difference showing RLIMIT_NOFILE above the model's: the fd in use, and its line. */
  nofileClue: { fd: number; line: number } | null = null;
  /** Whether a difference touching the fd table was seen (later ones may follow from it). */
  private fdDifferenceSeen = false;
  /** The starting directory's real permission bits, when a stat of it showed other ones. */
  rootModeEvidence: { mode: number; line: number } | null = null;

  constructor(
    public world: World,
    root: string | undefined,
    orderedNames: boolean,
  ) {
    this.paths = new PathMapper(root);
    this.comparer = new OutputComparer(orderedNames);
  }

  /** Failures that are not a call's answer: an invariant the model broke. */
  invariantFailures = 0;

  get compared(): number {
    return this.matched + this.mismatches.length - this.invariantFailures + this.unknown;
  }

  invariantBroken(m: Mismatch): void {
    this.invariantFailures++;
    this.mismatches.push(m);
  }

  /** Remember the fd numbers every task holds now (before a call runs: its own fd is not yet). */
  noteFds(): void {
    for (const table of Object.values(this.world.fdtables))
      for (const fd of Object.keys(table.fds)) this.everOpen.add(Number(fd));
  }

  /** A call not compared, by kind and reason. */
  skipped(line: number, name: string, kind: SkipReason['kind'], reason: string): void {
    if (kind === 'outside') this.outside++;
    else if (kind === 'modelled') this.skippedModelled++;
    else this.unmodelled++;
    this.skippedByCall[name] = (this.skippedByCall[name] ?? 0) + 1;
    this.tally(line, kind, reason);
  }

  private tally(line: number, kind: SkipReason['kind'], reason: string): void {
    const r = (this.skipReasons[reason] ??= { kind, count: 0, firstLine: line });
    r.count++;
  }

  /** Taint what a skipped call that succeeded may have changed. */
  taintBy(line: number, pid: number, name: string, args: readonly StraceValue[], ret: StraceReturn): void {
    const { fds, paths } = taintTargets(name, args, ret, num);
    const source = `${name} at line ${line}`;
    if (changesCreds(name, args, ret) && !this.credTainted.has(pid)) this.credTainted.set(pid, source);
    for (const fd of fds) {
      const fi = fdInode(this.world, pid, fd);
      if (fi !== null && !fi.outside) this.tainted.set(fi.ino, source);
    }
    for (const p of paths) {
      const ino = this.pathInode(pid, p.path, p.dirfd ?? AT_FDCWD);
      if (ino !== null) this.tainted.set(ino, source);
    }
  }

  /** A task is gone, or its pid starts a new program: what was tainted of its credentials is no more. */
  forgetTask(pid: number): void {
    this.credTainted.delete(pid);
  }

  /** The model inode a path names for `pid` (following links), for taint bookkeeping. */
  private pathInode(pid: number, p: string, dirfd: number): number | null {
    const mp = this.paths.mapPath(p, pid);
    return mp === null ? null : inodeAt(this.world, pid, dirfd, mp, { follow: true, emptyPath: false });
  }

  /** Why a call on a descriptor opened outside the root is not the model's to compare, or null. */
  outsideFdOf(pid: number, sc: Syscall): string | null {
    if (sc.call === 'close') return null; // the fd table is the model's
    for (const fd of fdsOf(sc)) {
      if (fd >= 0 && fdInode(this.world, pid, fd)?.outside === true) return 'a descriptor opened outside the root';
    }
    // The fd table is the model's, but an outside file's open flags are not.
    if (sc.call === 'fcntl' && (sc.cmd === F_GETFL || sc.cmd === F_SETFL) && fdInode(this.world, pid, sc.fd)?.outside)
      return 'the open flags of a descriptor opened outside the root';
    return null;
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
    realBufsiz: number | undefined,
  ): void {
    const c = (this.coverage[name] ??= { calls: 0, errnos: new Set() });
    c.calls++;
    // kernel/cred.c: copy_creds — a child starts with its parent's credentials, tainted or not.
    const forks = sc.call === 'fork' || sc.call === 'vfork' || sc.call === 'clone';
    const parentTaint = this.credTainted.get(pid);
    if (forks && r.ok === true && r.ret > 0 && parentTaint !== undefined) this.credTainted.set(r.ret, parentTaint);
    if (ret.kind === 'errno') c.errnos.add(ret.errno);
    const diffs: string[] = [];
    const expect = ret.kind === 'errno' ? ret.errno : ret.kind === 'value' ? String(ret.value) : '?';
    const got = r.ok === true ? String(this.realRet(sc, r, realBufsiz)) : r.ok === false ? r.errno : 'blocked';
    if (ret.kind !== 'unknown' && expect !== got) diffs.push(`returned ${expect}, model ${got}`);
    if (diffs.length === 0 && r.ok === true && ret.kind === 'value') {
      const want = realBufsiz ?? ('bufsiz' in sc ? sc.bufsiz : 0);
      this.comparer.compare(this.world, sc, args, r, diffs, (l) => this.realLink(sc, l), want);
    }
    if (diffs.length === 0) {
      this.matched++;
      return;
    }
    const credTaint = this.credTainted.get(pid);
    if (credTaint !== undefined) {
      this.unknown++;
      this.tally(line, 'unknown', `credentials a skipped call changed (first: ${credTaint})`);
      return;
    }
    const taint = this.taintOf(pid, sc);
    if (taint !== null) {
      this.unknown++;
      this.tally(line, 'unknown', `a file a skipped call changed (first: ${taint})`);
      return;
    }
    this.rootModeClue(line, pid, sc, args, r);
    // Only the first difference touching the fd table is evidence of inherited fds: later ones may
    // follow from it. A difference elsewhere (a mode, a size) leaves fd numbering alone.
    if (touchesFdTable(sc, r, pid) && !this.fdDifferenceSeen) {
      const limit = this.world.tasks[pid]?.rlimit_nofile;
      const fd = limit === undefined ? null : nofileEvidence(sc, ret, r, limit);
      if (fd !== null) this.nofileClue ??= { fd, line };
      this.fdDifferenceSeen = true;
      for (const fd of inheritedEvidence(pid, sc, ret, r, this.everOpen))
        if (!this.fdEvidence.has(fd)) this.fdEvidence.set(fd, line);
    }
    this.mismatches.push({ line, call: name, shown: renderCall(sc), expected: expect, model: diffs.join('; ') });
  }

  /** The skipped call that tainted a file this call looks at, or null. */
  private taintOf(pid: number, sc: Syscall): string | null {
    if (this.tainted.size === 0) return null;
    for (const fd of fdsOf(sc)) {
      const fi = fdInode(this.world, pid, fd);
      const t = fi === null ? undefined : this.tainted.get(fi.ino);
      if (t !== undefined) return t;
    }
    const ino = statInode(this.world, pid, sc, (fd) => fdInode(this.world, pid, fd)?.ino ?? null);
    if (ino !== null) return this.tainted.get(ino) ?? null;
    for (const p of pathArgs(sc)) {
      const i = this.pathInode(pid, p.path, p.dirfd);
      const t = i === null ? undefined : this.tainted.get(i);
      if (t !== undefined) return t;
    }
    return null;
  }

  /** A stat of the starting directory showing other permission bits (made before the trace). */
  private rootModeClue(line: number, pid: number, sc: Syscall, args: readonly StraceValue[], r: SysResult): void {
    if (this.rootModeEvidence !== null || r.ok !== true || r.stat === undefined) return;
    const idx = sc.call === 'statx' ? 4 : sc.call === 'newfstatat' ? 2 : 1;
    const st = args[idx];
    if (st === undefined || st.kind !== 'struct') return;
    const mode = num(st.fields[sc.call === 'statx' ? 'stx_mode' : 'st_mode']);
    if (mode === null || (mode & 0o170000) !== 0o040000 || mode === r.stat.st_mode) return;
    const ino = statInode(this.world, pid, sc, (fd) => fdInode(this.world, pid, fd)?.ino ?? null);
    if (ino !== null && ino === rootInode(this.world, pid)) this.rootModeEvidence = { mode: mode & 0o7777, line };
  }

  /** The model's readlink text as the real system shows it: d_path and mapped targets gain the root. */
  private realLink(sc: Syscall, link: string): string {
    const p = 'path' in sc ? sc.path : '';
    if (p.startsWith('/proc/') || this.paths.mappedTargets.has(link)) return this.paths.unmapPath(link);
    return link;
  }

  /** The return value as the real system would give it (readlink counts real path bytes). */
  private realRet(sc: Syscall, r: Extract<SysResult, { ok: true }>, realBufsiz: number | undefined): number {
    if ((sc.call === 'readlink' || sc.call === 'readlinkat') && r.link !== undefined)
      return Math.min(this.realLink(sc, r.link).length, realBufsiz ?? sc.bufsiz);
    return r.ret;
  }
}
