/**
 * Lowering a scenario for a real CRIU run (src/crosscheck/criu-run.ts): the scenario's calls with
 * the model's answers under CRIU's `copy` or `link-remap` strategy (src/cr/criu-remap.ts), on
 * Debian's 6.1, or under the series' `relink` on the patched 6.1, where CRIU runs with
 * relink-action.sh (docs/criu.md, "Relink through CRIU"), with the
 * checkpoint and kill replaced by one `criu dump` of the checkpointed task tree (CRIU kills what it
 * dumped) and the restart by `criu restore`: the model's own checkpoint and restart calls are left
 * out, CRIU makes its own. What the kernel side sees after restore (names, nlink, data, offsets,
 * /proc fd links) is compared call by call. The lowering stops, with the reason, at a step CRIU
 * cannot express (src/crosscheck/criu-expressible.ts decides which scenarios run at all).
 */
import type { Errno } from '../model/errno.js';
import type { Pid } from '../model/ids.js';
import type { CheckpointImage } from '../model/image.js';
import { KERNEL_BOOT_SYSCTLS } from '../model/sysctl.js';
import type { World } from '../model/world.js';
import type { Syscall } from '../model/syscall/syscall.js';
import { NotApplicable, NotRunnable, Unmodelled } from '../model/errors.js';
import { modelOnlyWhy } from '../model/syscall/table-model-only.js';
import { checkpointWorld, killTasks, restartWorld } from '../cr/cr-flow.js';
import { bootWorld } from '../ops/vfs/boot.js';
import type { SysResult } from '../ops/vfs/result.js';
import { Session } from '../session/session.js';
import { resultToExpected } from '../trace/jsonl.js';
import { modelIds } from './ids.js';
import { lowerAssert, lowerBackup, type LoweredCall } from './lower.js';
import type { Scenario, Step } from './parse.js';

export const CRIU_STRATEGIES = ['copy', 'link-remap', 'relink'] as const;
export type CriuStrategy = (typeof CRIU_STRATEGIES)[number];

/**
 * The guest kernel each strategy runs on, and the model's variant for it: CRIU's own strategies on
 * Debian's 6.1 (mainline), relink + CRIU's link remap on the series built with CRIU's options
 * (`kernel-patches/build.sh --criu`, crosscheck's kernel `criu`).
 */
export const CRIU_STRATEGY_KERNEL = {
  copy: { guest: 'debian', variant: 'mainline' },
  'link-remap': { guest: 'debian', variant: 'mainline' },
  relink: { guest: 'criu', variant: 'relink' },
} as const satisfies Record<CriuStrategy, { guest: string; variant: string }>;
export type CriuGuestKernel = (typeof CRIU_STRATEGY_KERNEL)[CriuStrategy]['guest'];

/** relink-action.sh as the scenario guest installs it (kernel-patches/criu/scenarios-init). */
export const RELINK_ACTION_SCRIPT = '/bin/relink-action.sh';

/** criu restore's options for a strategy: relink's post-restore removes the relinked names. */
export const criuRestoreOptions = (strategy: CriuStrategy): string[] =>
  strategy === 'relink' ? ['--action-script', RELINK_ACTION_SCRIPT] : [];

/** What `criu dump` is asked: the tree's root task, every task of the tree, and its options. */
export interface CriuDump {
  readonly line: number;
  /** The task that runs the barrier: the root's parent, which reaps the root once CRIU killed it. */
  readonly parent: Pid;
  readonly root: Pid;
  readonly tasks: readonly Pid[];
  /**
   * criu's options: `--link-remap` for link-remap and relink (with relink-action.sh, whose
   * pre-dump relinks every nameless open file), `--ghost-limit N` from the scenario's ghost_limit.
   */
  readonly options: readonly string[];
}

export interface CriuLowering {
  readonly strategy: CriuStrategy;
  /** The calls the executor runs, each with the model's answer. */
  readonly calls: readonly LoweredCall[];
  /** `criu dump` runs before calls[dumpAt], `criu restore` before calls[restoreAt] (-1: not reached). */
  readonly dumpAt: number;
  readonly restoreAt: number;
  readonly dump: CriuDump | null;
  readonly restoreLine: number;
  /** The model's outcome of the checkpoint and the restart ('ok' or the errno; null: not reached). */
  readonly model: { readonly dump: 'ok' | Errno | null; readonly restore: 'ok' | Errno | null };
  readonly stopped: { readonly line: number; readonly why: string } | null;
}

/** The tasks alive at the checkpoint: `root` and every task descended from it (ppid links). */
export function subtree(w: World, root: Pid): Pid[] {
  const out = [root];
  for (let i = 0; i < out.length; i++)
    for (const t of Object.values(w.tasks)) if (t.ppid === out[i] && !out.includes(t.pid)) out.push(t.pid);
  return out.sort((a, b) => a - b);
}

/** The mount table as CRIU would have to restore it: which mounts, where, with which flags and namespaces. */
export function mountSignature(w: World): string {
  const mounts = Object.values(w.mounts)
    .map((m) => [m.id, m.mnt_sb, m.mnt_root, m.mnt_parent, m.mnt_mountpoint, m.mnt_flags, m.mnt_ns])
    .sort((a, b) => Number(a[0]) - Number(b[0]));
  const spaces = [...new Set(Object.values(w.tasks).map((t) => t.mnt_ns))].sort((a, b) => a - b);
  return JSON.stringify([mounts, spaces]);
}

/**
 * The checkpointed pids as one `criu dump -t ROOT`: CRIU dumps a task and all its descendants, so
 * the pids must be exactly one task's whole subtree, and not pid 1 (the model's checkpointer and
 * restarter, which goes on running). Null with the reason when they are not.
 */
export function dumpTree(w: World, pids: readonly Pid[]): { root: Pid; parent: Pid } | string {
  if (pids.includes(1)) return 'pid 1 checkpoints and restarts: CRIU would dump the executor that drives the run';
  const roots = pids.filter((p) => !pids.includes(w.tasks[p]?.ppid ?? 0));
  const root = roots[0];
  if (root === undefined || roots.length > 1)
    return `the tasks [${pids.join(', ')}] are ${roots.length} process trees; criu dump -t takes one tree`;
  const tree = subtree(w, root);
  if (tree.length !== pids.length || tree.some((p) => !pids.includes(p)))
    return `criu dump -t ${root} dumps its whole tree [${tree.join(', ')}], the scenario checkpoints [${pids.join(', ')}]`;
  const parent = w.tasks[root]?.ppid ?? 0;
  if (w.tasks[parent] === undefined) return `the parent of task ${root} is gone; no task can reap it after the dump`;
  return { root, parent };
}

const refuse = (line: number, why: string): never => {
  throw new NotApplicable(line, why);
};

/** Lower `sc` for CRIU under `strategy`, on the model's variant of the strategy's guest kernel. */
export function lowerForCriu(sc: Scenario, strategy: CriuStrategy): CriuLowering {
  const booted = bootWorld({
    kernel: CRIU_STRATEGY_KERNEL[strategy].variant,
    sysctl: { ...KERNEL_BOOT_SYSCTLS, ...sc.sysctl },
    rootFs: sc.fs,
    blocksize: sc.blocksize,
    outsideFds: [0, 1, 2],
  });
  const session = new Session(booted, { representation: 'immer', invariants: { when: 'off', set: 'state' } });
  const calls: LoweredCall[] = [];
  let rerooted = false;
  let dumpAt = -1;
  let restoreAt = -1;
  let restoreLine = 0;
  let dump: CriuDump | null = null;
  let image: CheckpointImage | null = null;
  const model: { dump: 'ok' | Errno | null; restore: 'ok' | Errno | null } = { dump: null, restore: null };

  const run = (line: number, pid: Pid, call: Syscall): SysResult => {
    const before = mountSignature(session.world);
    let result: SysResult;
    try {
      result = session.run(pid, call).result;
    } catch (e) {
      if (e instanceof Unmodelled || e instanceof NotRunnable) return refuse(line, e.message);
      throw e;
    }
    calls.push({ pid, sc: call, expected: resultToExpected(result), line, rerooted, live: modelIds(session.world) });
    if ((call.call === 'chdir' || call.call === 'fchdir') && result.ok === true) rerooted = true;
    // CRIU dumps mounts only of a mount namespace other than its own, and this run stays in the
    // guest's: a scenario that changes mounts needs restore-mounts.ts, which CRIU has no part of here.
    if (mountSignature(session.world) !== before)
      refuse(line, `${call.call} changes the mounts; CRIU, run in the tasks' own mount namespace, dumps none`);
    return result;
  };

  const lowerStep = (s: Step, i: number): void => {
    switch (s.kind) {
      case 'split':
        return refuse(s.line, 'a step inside a call (a race schedule) cannot be placed on a kernel');
      case 'call': {
        const why = modelOnlyWhy(s.sc.call);
        if (why !== null) refuse(s.line, `${s.sc.call} is model-only, no kernel has it: ${why}`);
        run(s.line, s.pid, s.sc);
        return;
      }
      case 'checkpoint': {
        if (dump !== null) refuse(s.line, 'a second checkpoint: the run makes one criu dump');
        if (s.failAfter !== null)
          refuse(s.line, 'an injected checkpoint fault (fail_after_names) has no CRIU counterpart');
        const tree = dumpTree(session.world, s.pids);
        if (typeof tree === 'string') refuse(s.line, tree);
        if (typeof tree === 'string') return;
        // An assert only lists a directory: it reads the same with the dumped tasks gone.
        const next = sc.steps.slice(i + 1).find((n) => n.kind !== 'assert');
        if (next?.kind !== 'kill' || next.pids.length !== s.pids.length || next.pids.some((p) => !s.pids.includes(p)))
          refuse(s.line, 'criu dump kills the tasks it dumped: the next step but asserts must kill exactly them');
        const options = [
          ...(strategy === 'link-remap' ? ['--link-remap'] : []),
          ...(strategy === 'relink' ? ['--link-remap', '--action-script', RELINK_ACTION_SCRIPT] : []),
          ...(s.ghostLimit !== null ? ['--ghost-limit', String(s.ghostLimit)] : []),
        ];
        dump = { line: s.line, ...tree, tasks: [...s.pids].sort((a, b) => a - b), options };
        dumpAt = calls.length;
        const ck = checkpointWorld(session.world, {
          checkpointer: 1,
          pids: s.pids,
          strategy,
          ...(s.ghostLimit !== null ? { ghostLimit: s.ghostLimit } : {}),
        });
        model.dump = ck.result.ok ? 'ok' : ck.result.errno;
        // A refused dump leaves the tasks running and no image: nothing after it is compared.
        if (!ck.result.ok) refuse(s.line, `the model refuses the ${strategy} checkpoint (${ck.result.errno})`);
        if (ck.result.ok) image = ck.result.image;
        session.replace(ck.world);
        return;
      }
      case 'kill':
        // criu dump killed the tasks; the model kills them here, with no call on the kernel side.
        if (dump === null) refuse(s.line, 'a kill outside a checkpoint: CRIU is not asked to dump these tasks');
        session.replace(killTasks(session.world, s.pids));
        return;
      case 'backup': {
        // As src/scenario/lower.ts: pid 1 lets go of what it holds; the file system stays.
        if (session.world.tasks[1] === undefined) return refuse(s.line, 'no pid 1 to take the backup');
        lowerBackup(session, (call) => run(s.line, 1, call));
        return;
      }
      case 'restart': {
        if (image === null) return refuse(s.line, 'no checkpoint image to restore');
        if (restoreAt >= 0) refuse(s.line, 'a second restart: the run makes one criu restore');
        if (s.failAtCall !== null) refuse(s.line, 'an injected restart fault (fail_at_call) has no CRIU counterpart');
        restoreAt = calls.length;
        restoreLine = s.line;
        const rs = restartWorld(session.world, { restarter: 1, image });
        model.restore = rs.result.ok ? 'ok' : rs.result.errno;
        if (!rs.result.ok) refuse(s.line, `the model's restart fails (${rs.result.errno})`);
        session.replace(rs.world);
        return;
      }
      case 'cleanup':
        return refuse(
          s.line,
          "a cleanup step is the relink series' (patch 10); CRIU removes its own remaps at restore",
        );
      case 'assert':
        lowerAssert(s.dir, (call) => run(s.line, 1, call));
        return;
    }
  };

  let stopped: CriuLowering['stopped'] = null;
  try {
    sc.steps.forEach(lowerStep);
  } catch (e) {
    if (!(e instanceof NotApplicable)) throw e;
    stopped = { line: e.line, why: e.message };
  }
  return { strategy, calls, dumpAt, restoreAt, dump, restoreLine, model, stopped };
}
