/**
 * The guest kernel's own checks: what the harness's init (kernel-patches/harness/init) prints
 * about each trace besides its answers, read back and judged. The guest reads the kernel's ring
 * buffer (`dmesg -r`, each line keeping its `<level>`) after the boot, after every trace and its
 * unmounts, and after the kmemleak scans; it reports a plain umount that failed, and a trace that
 * its watchdog gave up on. Any of these is a failure of the cross-check, reported with the trace
 * it followed: a WARN_ON, a lockdep splat, a hung task or a dentry still in use at unmount is a
 * kernel bug even when every answer matched the model.
 *
 * A log line is judged in this order:
 *  1. an alarm (ALARMS: BUG:, WARNING:, Oops, lockdep's reports, a hung task, ...) is a failure,
 *     whatever its level, and nothing can tolerate it;
 *  2. a line that a rule of TOLERATED names (each rule says why) is not one;
 *  3. any other line at level warning or worse (KERN_EMERG..KERN_WARNING, 0-4) is a failure;
 *  4. the rest (notice, info, debug: "EXT4-fs (vda): mounted filesystem ...") is not.
 * A line without a level prefix counts as a warning (3.), so a change in dmesg's output cannot
 * quietly pass everything.
 */

/** What a failure is. */
export type KernelFindingKind =
  | 'panic'
  | 'oops'
  | 'bug'
  | 'warning'
  | 'lockdep'
  | 'hung-task'
  | 'atomic-sleep'
  | 'dentry-in-use'
  | 'busy-inodes'
  | 'rcu-stall'
  | 'kmemleak'
  /** A line at level err or worse that no alarm names. */
  | 'kernel-error'
  /** A line at level warning that no alarm names. */
  | 'kernel-warning'
  /** The harness's: the trace did not finish within the watchdog's time. */
  | 'hung'
  /** The harness's: a plain umount of the trace's file system, or of a mount beneath it, failed. */
  | 'umount-busy'
  /** The harness's: lockdep ran at boot and was off at the end, with no lockdep report to say why. */
  | 'lockdep-off'
  /** The guest stopped printing during the trace (QEMU timed out, or the kernel panicked). */
  | 'guest-stopped';

interface Alarm {
  readonly kind: KernelFindingKind;
  readonly re: RegExp;
}

/** First match wins: the specific reports before the generic BUG:/WARNING: they also contain. */
export const ALARMS: readonly Alarm[] = [
  { kind: 'panic', re: /Kernel panic/ },
  // umount_check (fs/dcache.c): "BUG: Dentry 00000000c0ffee{i=c,n=rlx-leak}  still in use (1) [unmount of ext4 vda]"
  { kind: 'dentry-in-use', re: /still in use/ },
  // generic_shutdown_super (fs/super.c)
  { kind: 'busy-inodes', re: /VFS: Busy inodes after unmount/ },
  { kind: 'atomic-sleep', re: /BUG: sleeping function called from invalid context|BUG: scheduling while atomic/ },
  // kernel/hung_task.c
  { kind: 'hung-task', re: /INFO: task .* blocked for more than \d+ seconds/ },
  // kernel/locking/lockdep.c: every report's header, and lockdep running out of room (it then
  // turns itself off: "turning off the locking correctness validator").
  {
    kind: 'lockdep',
    re: /possible recursive locking detected|possible circular locking dependency|inconsistent lock state|DEBUG_LOCKS_WARN_ON|possible irq lock inversion|lock order detected|lock held when returning to user space|held lock freed|bad unlock balance|suspicious RCU usage|Nested lock was not taken|bad contention detected|lock held at task exit|releasing a pinned lock|BUG: MAX_LOCK|BUG: MAX_STACK_TRACE|turning off the locking correctness validator|trying to register non-static key|has not been registered|looking up invalid subclass|BUG: held lock|BUG: bad unlock/,
  },
  { kind: 'rcu-stall', re: /detected stalls? on CPU|self-detected stall|rcu_\w+ detected stalls/ },
  {
    kind: 'oops',
    re: /\bOops\b|general protection fault|BUG: unable to handle|BUG: kernel NULL pointer|stack segment: |double fault:/,
  },
  { kind: 'bug', re: /kernel BUG at|\bBUG:|UBSAN:|KASAN:|list_add corruption|list_del corruption|refcount_t: / },
  { kind: 'warning', re: /WARNING:|-+\[ cut here \]-+/ },
  // kmemleak_scan's own line; the report itself is read from /sys/kernel/debug/kmemleak.
  { kind: 'kmemleak', re: /\d+ new suspected memory leaks/ },
];

export interface Tolerance {
  /** Why a line that looks like an error is expected. */
  readonly why: string;
  readonly re: RegExp;
  /** Only in the boot's log. */
  readonly bootOnly?: true;
  /** Only on a kernel without the relink series (Debian's, minimal). */
  readonly mainlineOnly?: true;
}

/** Where a line was logged: the boot's log or not, and on which kind of kernel. */
export interface LineContext {
  readonly boot: boolean;
  /** Whether the kernel has the relink series. */
  readonly relink: boolean;
}

/**
 * Lines at level warning or worse that are expected. Each rule is as narrow as the line it
 * names, and none can hide an alarm (ALARMS are judged first). Seen in the boots of Debian's and
 * our kernels under QEMU's TCG and KVM (test/crosscheck/klog.test.ts holds the lines).
 */
export const TOLERATED: readonly Tolerance[] = [
  // Every QEMU trace starts with a remount that sets relink=/ckpt (gen.ts); where the file system
  // does not take the option, the remount fails with EINVAL, as the model says, and the file
  // system says why at level err.
  {
    why: 'relink=: ext4 or btrfs on a kernel without the series refuses it',
    re: /^(ext4: Unknown parameter 'relink'|BTRFS error \(device vd[a-x](: state \w+)?\): unrecognized mount option 'relink(=[^']*)?')$/,
    mainlineOnly: true,
  },
  { why: 'relink=: tmpfs and ext2 have no FS_RELINK on any kernel', re: /^(tmpfs|ext2): Unknown parameter 'relink'$/ },
  // 0007's own refusal of a bare "relink" (vfs_parse_relink_param, legacy_take_relink): EINVAL.
  { why: 'relink without a value: the series refuses it', re: /^relink: a path is required$/ },
  // The traces mount their own device again with the other block type (gen.ts): while the first
  // type holds it exclusively, get_tree_bdev cannot open it, EBUSY.
  { why: "the trace's device mounted as the other block type: EBUSY", re: /^\/dev\/vd[a-x]: Can't open blockdev$/ },
  // printk rate limiting (lib/ratelimit.c: ___ratelimit, at KERN_WARNING): btrfs limits its own
  // messages per level (fs/btrfs/super.c: _btrfs_printk) and the traces mount and unmount btrfs
  // devices in bursts, so some of its mount messages are dropped. What they said is not known:
  // suppressedMessages counts them, and the summary says they were not read.
  {
    why: 'printk rate limiting dropped messages (counted, reported as not read)',
    re: /^[\w.]+: \d+ callbacks suppressed$/,
  },
  // Emulated hardware at boot: timer calibration under TCG (no real PIT, TSC or APIC timer to
  // measure against) and QEMU's PCI host bridge without MMCONFIG.
  { why: 'TCG: no PIT to calibrate the TSC against', re: /^tsc: Unable to calibrate against PIT$/, bootOnly: true },
  {
    // arch/x86/kernel/tsc.c: pit_hpet_ptimer_calibrate_cpu, when a busy host skews the emulated PIT.
    why: 'TCG: the emulated PIT and HPET disagree on the TSC frequency',
    re: /^tsc: PIT calibration deviates from (HPET|PMTIMER): \d+ \d+$/,
    bootOnly: true,
  },
  { why: 'TCG: the emulated APIC timer', re: /^APIC timer disabled due to verification failure$/, bootOnly: true },
  {
    why: "TCG: check_timer saw no tick through the IO-APIC in time and routes the timer through the 8259A (it says '....... works.')",
    re: /^\.\.MP-BIOS bug: 8254 timer not connected to IO-APIC$/,
    bootOnly: true,
  },
  {
    why: 'TCG: the emulated APIC timer',
    re: /^APIC calibration not consistent with PM-Timer: \d+ms instead of 100ms$/,
    bootOnly: true,
  },
  {
    why: "QEMU's i440FX host bridge has no MMCONFIG",
    re: /^acpi PNP0A03:00: fail to add MMCONFIG information, can't access extended PCI configuration space under this bridge\.$/,
    bootOnly: true,
  },
  // lockdep's banner (lockdep_init, printk without a level), in our kernels' boot.
  {
    why: "lockdep's banner at boot: its table sizes",
    re: /^(Lock dependency validator: Copyright \(c\) 2006 Red Hat, Inc\., Ingo Molnar|\.\.\. (MAX_LOCKDEP_SUBCLASSES|MAX_LOCK_DEPTH|MAX_LOCKDEP_KEYS|CLASSHASH_SIZE|MAX_LOCKDEP_ENTRIES|MAX_LOCKDEP_CHAINS|CHAINHASH_SIZE): +\d+| memory used by lock dependency info: \d+ kB| memory used for stack traces: \d+ kB| per task-struct memory footprint: \d+ bytes)$/,
    bootOnly: true,
  },
  // The tracing clock's notice (kernel/trace/trace.c) when sched_clock is unstable, as under TCG.
  {
    why: 'TCG: sched_clock is unstable, so the tracing clock becomes "global"',
    re: /^(Unstable clock detected, switching default tracing clock to "global"|If you want to keep using the local clock, then add:| {2}"trace_clock=local"|on the kernel command line)$/,
    bootOnly: true,
  },
  // Emulated clocks at any time: under TCG a busy host delays the guest's timer interrupts, and
  // the clocksource watchdog may then give up on the TSC (several "clocksource:" lines).
  { why: "TCG: the host delayed the guest's RTC interrupts", re: /^hpet: Lost \d+ RTC interrupts$/ },
  // kernel/time/hrtimer.c: hrtimer_interrupt, once per boot when one run of the expired timers
  // took longer than its retries allow: a loaded host stalls the emulated CPU (seen at 0.24 s).
  { why: 'TCG: a loaded host stalled the hrtimer interrupt', re: /^hrtimer: interrupt took \d+ ns$/ },
  {
    why: 'TCG: the clocksource watchdog distrusts the emulated TSC',
    re: /^clocksource: |^tsc: Marking TSC unstable|^TSC found unstable after boot, most likely due to broken BIOS\. Use 'tsc=unstable'\.$/,
  },
];

/** One line of `dmesg -r`: "<4>[    1.234567] text" (the time only where printk_time is on). */
export function parseKernelLine(raw: string): { level: number | null; text: string } {
  const m = /^<(\d+)>(?:\[\s*\d+\.\d+\] ?)?(.*)$/.exec(raw);
  if (m === null) return { level: null, text: raw };
  // The syslog prefix is facility * 8 + level; the kernel's facility is 0.
  return { level: Number(m[1]) & 7, text: m[2] ?? '' };
}

export type LineVerdict =
  { readonly fails: true; readonly kind: KernelFindingKind } | { readonly fails: false; readonly tolerated?: string };

const TRACE_ON_PATCHED: LineContext = { boot: false, relink: true };

/** The verdict on one kernel log line (see the module comment for the order). */
export function classifyLine(raw: string, ctx: LineContext = TRACE_ON_PATCHED): LineVerdict {
  const { level, text } = parseKernelLine(raw);
  for (const a of ALARMS) if (a.re.test(text)) return { fails: true, kind: a.kind };
  for (const t of TOLERATED) {
    if ((t.bootOnly === true && !ctx.boot) || (t.mainlineOnly === true && ctx.relink)) continue;
    if (t.re.test(text)) return { fails: false, tolerated: t.why };
  }
  const lvl = level ?? 4;
  if (lvl <= 3) return { fails: true, kind: 'kernel-error' };
  if (lvl === 4) return { fails: true, kind: 'kernel-warning' };
  return { fails: false };
}

/**
 * The kinds of failure in a stretch of log: the alarms it holds, in order of first appearance;
 * only when there is none, the unnamed errors and warnings (a WARN's register dump and stack trace
 * are warning-level lines that belong to its "WARNING:").
 */
export function logKinds(lines: readonly string[], ctx: LineContext = TRACE_ON_PATCHED): KernelFindingKind[] {
  const alarms: KernelFindingKind[] = [];
  const levels: KernelFindingKind[] = [];
  for (const l of lines) {
    const v = classifyLine(l, ctx);
    if (!v.fails) continue;
    const into = v.kind === 'kernel-error' || v.kind === 'kernel-warning' ? levels : alarms;
    if (!into.includes(v.kind)) into.push(v.kind);
  }
  return alarms.length > 0 ? alarms : levels;
}

/** Where in a boot a finding was: the boot itself, trace N of the batch (1-based), or the end. */
export type Section = 'boot' | number | 'end';

export interface KernelFinding {
  readonly at: Section;
  readonly kinds: readonly KernelFindingKind[];
  /** The harness's own words: "umount busy: /mnt/2/c: ...", "hung", ... */
  readonly notes: readonly string[];
  /** The kernel log of that section, as dmesg -r printed it. */
  readonly log: readonly string[];
}

/** What the harness printed besides the answers, per section. */
export interface GuestLog {
  readonly klog: ReadonlyMap<Section, readonly string[]>;
  readonly started: readonly number[];
  readonly ended: readonly number[];
  /** The trace the watchdog gave up on. */
  readonly hung: number | null;
  readonly umountBusy: ReadonlyMap<number, readonly string[]>;
  /** debug_locks at boot and at the end ("1" on, "0" off), where the kernel has lockdep. */
  readonly lockdep: { readonly boot?: string; readonly end?: string };
  /** The hung-task detector's timeout the guest set, where the kernel has it. */
  readonly hungTaskSecs: number | null;
  readonly booted: boolean;
  readonly done: boolean;
}

const sectionOf = (s: string): Section => (s === 'boot' || s === 'end' ? s : Number(s));

/** Read the harness's lines out of the guest's console output. */
export function parseGuestLog(out: string): GuestLog {
  const klog = new Map<Section, string[]>();
  const started: number[] = [];
  const ended: number[] = [];
  const umountBusy = new Map<number, string[]>();
  const lockdep: { boot?: string; end?: string } = {};
  let hung: number | null = null;
  let hungTaskSecs: number | null = null;
  let booted = false;
  let done = false;
  for (const raw of out.split(/\r?\n/)) {
    // The serial console may put a carriage return or the end of an earlier line first.
    const at = raw.indexOf('RLX-');
    if (at < 0) continue;
    const line = raw.slice(at);
    let m: RegExpExecArray | null;
    if ((m = /^RLX-KLOG (boot|end|\d+) ?(.*)$/.exec(line)) !== null) {
      const s = sectionOf(m[1] ?? '');
      klog.set(s, [...(klog.get(s) ?? []), m[2] ?? '']);
    } else if ((m = /^RLX-START (\d+)/.exec(line)) !== null) started.push(Number(m[1]));
    else if ((m = /^RLX-END (\d+)/.exec(line)) !== null) ended.push(Number(m[1]));
    else if ((m = /^RLX-HUNG (\d+)/.exec(line)) !== null) hung = Number(m[1]);
    else if ((m = /^RLX-UMOUNT-BUSY (\d+) (.*)$/.exec(line)) !== null) {
      const n = Number(m[1]);
      umountBusy.set(n, [...(umountBusy.get(n) ?? []), (m[2] ?? '').trim()]);
    } else if ((m = /^RLX-LOCKDEP (boot|end) ?(\S*)/.exec(line)) !== null) lockdep[m[1] as 'boot' | 'end'] = m[2] ?? '';
    else if ((m = /^RLX-HUNGTASK (\d+)/.exec(line)) !== null) hungTaskSecs = Number(m[1]);
    else if (line.startsWith('RLX-BOOTED')) booted = true;
    else if (line.startsWith('RLX-DONE')) done = true;
  }
  return { klog, started, ended, hung, umountBusy, lockdep, hungTaskSecs, booted, done };
}

/** Traces of a batch of `count` that never started (after a hang, or after the guest stopped). */
export function notRun(log: GuestLog, count: number): number[] {
  const out: number[] = [];
  for (let n = 1; n <= count; n++) if (!log.started.includes(n)) out.push(n);
  return out;
}

/**
 * Every failure in a boot's log. `stopped` says why the console ended early when it did (QEMU's
 * timeout, a panic): the trace that had started and not ended is then charged with it.
 */
export function kernelFindings(log: GuestLog, relink: boolean, stopped: string | null = null): KernelFinding[] {
  const out: KernelFinding[] = [];
  const traces = [...new Set([...log.started, ...log.klog.keys()])].filter((s) => typeof s === 'number');
  const sections: Section[] = ['boot', ...traces.sort((a, b) => a - b), 'end'];
  const lockdepReported = [...log.klog.values()].some((ls) => logKinds(ls).includes('lockdep'));
  for (const s of sections) {
    const lines = log.klog.get(s) ?? [];
    const kinds = logKinds(lines, { boot: s === 'boot', relink });
    const notes: string[] = [];
    if (typeof s === 'number') {
      if (log.hung === s) {
        kinds.unshift('hung');
        notes.push("it did not finish: the guest's watchdog gave up on it and rebooted the guest");
      } else if (stopped !== null && log.started.includes(s) && !log.ended.includes(s)) {
        kinds.unshift('guest-stopped');
        notes.push(`the guest stopped during it: ${stopped}`);
      }
      for (const b of log.umountBusy.get(s) ?? []) {
        if (!kinds.includes('umount-busy')) kinds.push('umount-busy');
        notes.push(`umount busy: ${b}`);
      }
    }
    if (s === 'end' && log.lockdep.boot === '1' && log.lockdep.end === '0' && !lockdepReported) {
      kinds.push('lockdep-off');
      notes.push('lockdep was on at boot and off at the end, and printed no report');
    }
    if (kinds.length > 0) out.push({ at: s, kinds, notes, log: lines });
  }
  return out;
}

/** Kernel messages that printk's rate limiting dropped ("f: N callbacks suppressed"): never read. */
export function suppressedMessages(log: GuestLog): number {
  let n = 0;
  for (const lines of log.klog.values())
    for (const raw of lines) n += Number(/: (\d+) callbacks suppressed$/.exec(parseKernelLine(raw).text)?.[1] ?? 0);
  return n;
}
