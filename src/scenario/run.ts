/**
 * Running a scenario: each step on the model, every invariant checked after every step, each
 * expectation compared. The result lists every step with what happened, for `relinklab run`, the
 * narration of `explain`, and the comparison table of `compare`.
 */
import type { CheckpointImage, CheckpointStrategy, IoCount } from '../model/image.js';
import type { Patch } from 'immer';
import { DEBIAN_BOOT_SYSCTLS } from '../model/sysctl.js';
import type { World } from '../model/world.js';
import type { Violation } from '../invariants/violation.js';
import { backupRootFs } from '../cr/backup.js';
import { bootWorld } from '../ops/vfs/boot.js';
import { checkpointWorld, cleanupWorld, killTasksFlow, restartWorld } from '../cr/cr-flow.js';
import { pinCreated, type CleanupTarget } from '../cr/relink-cleanup.js';
import { NotRunnable, Unmodelled } from '../model/errors.js';
import { Session } from '../session/session.js';
import { diffExpected } from '../trace/jsonl.js';
import { renderCall } from '../model/syscall/render.js';
import { renderResultAndOutputs } from '../ops/run/render-result.js';
import type { Scenario, Step } from './parse.js';
import { checkAssert } from './assert-step.js';
import { IdNames } from './ids.js';
import { describeSplitStep, runSplitScenarioStep } from './split.js';

export interface StepReport {
  readonly line: number;
  readonly what: string;
  readonly note: string | null;
  readonly ok: boolean;
  readonly detail: string;
  /** `detail` begins with the answer of the call (or split step) as strace ends its line: `= 3`. */
  readonly answered: boolean;
  readonly world: World;
  /** The checkpoint image in hand after this step (the last successful checkpoint's), for teaching. */
  readonly image: CheckpointImage | null;
  /**
   * immer's patches from the world before this step to `world` ([] when nothing changed); null
   * for a backup, which builds a new machine rather than changing the old one.
   */
  readonly patches: readonly Patch[] | null;
}

export interface ScenarioReport {
  readonly scenario: Scenario;
  /** The booted world before the first step, so every step has a before and an after. */
  readonly initial: World;
  readonly steps: readonly StepReport[];
  readonly failures: number;
  /** IO of the checkpoint and the restart, for `compare`. */
  readonly io: { readonly checkpoint: IoCount | null; readonly restart: IoCount | null; readonly backup: number };
}

/**
 * A step's line: what it did, then what came of it. A call's answer follows the call as strace
 * prints it, `open("/a", O_RDWR) = 3`; any other outcome follows `arrow`: `kill [2] -> the tasks exit`.
 */
export function stepLine(what: string, s: Pick<StepReport, 'answered' | 'detail'>, arrow = '->'): string {
  return s.answered ? `${what} ${s.detail}` : `${what} ${arrow} ${s.detail}`;
}

const describeStep = (s: Step): string => {
  switch (s.kind) {
    case 'split':
      return describeSplitStep(s);
    case 'call':
      return `${s.pid} ${renderCall(s.sc)}`;
    case 'checkpoint':
      return `checkpoint [${s.pids.join(', ')}] (${s.strategy})`;
    case 'kill':
      return `kill [${s.pids.join(', ')}]`;
    case 'backup':
      return 'back up the file system into a fresh machine';
    case 'restart':
      return 'restart from the image';
    case 'cleanup':
      return 'clean up the names checkpoint created';
    case 'assert':
      return `assert ${s.dir}`;
  }
};

/** Run a scenario; `strategy` overrides every checkpoint's strategy (for `compare`). */
/**
 * The pids a scenario's SIGKILL cannot kill, with the kernel's reason: a pid with no task is ESRCH
 * (kernel/signal.c: kill_pid_info); pid 1 is init, whose SIGNAL_UNKILLABLE makes a SIGKILL sent
 * from its own namespace ignored (sig_task_ignored), and it is the scenario's checkpointer.
 */
function killRefusals(w: World, pids: readonly number[]): Map<number, string> {
  const refused = new Map<number, string>();
  for (const pid of pids) {
    if (w.tasks[pid] === undefined) refused.set(pid, `ESRCH: no task with pid ${pid}`);
    else if (pid === 1)
      refused.set(pid, 'pid 1 is init (the checkpointer): a SIGKILL from its own namespace is ignored, so it runs on');
  }
  return refused;
}

export function runScenario(sc: Scenario, strategy?: CheckpointStrategy): ScenarioReport {
  const initial: World = bootWorld({
    kernel: sc.kernel,
    sysctl: { ...DEBIAN_BOOT_SYSCTLS, ...sc.sysctl },
    rootFs: sc.fs,
    blocksize: sc.blocksize,
    outsideFds: [0, 1, 2],
  });
  const session = new Session(initial, {
    representation: 'patches',
    invariants: { when: 'every', set: 'state+transitions' },
  });
  let w = initial;
  let image: CheckpointImage | null = null;
  // Pinned as checkpoint linked them: a later file at a name may have the recorded ino (relink-cleanup.ts).
  let created: readonly CleanupTarget[] = [];
  const io: { checkpoint: IoCount | null; restart: IoCount | null; backup: number } = {
    checkpoint: null,
    restart: null,
    backup: 0,
  };
  const steps: StepReport[] = [];
  const ids = new IdNames();
  for (const s of sc.steps) {
    let ok = true;
    let detail = '';
    let answered = false;
    let patches: readonly Patch[] | null = [];
    /** The check that came with a call the session ran; null after anything else. */
    let checked: readonly Violation[] | null = null;
    switch (s.kind) {
      case 'split': {
        const r = runSplitScenarioStep(w, s);
        w = r.world;
        patches = null; // one lock-bounded part of a call: compared world to world
        ok = r.ok;
        detail = r.detail;
        answered = r.answered;
        break;
      }
      case 'call': {
        try {
          const out = session.run(s.pid, s.sc);
          w = session.world;
          patches = out.patches ?? [];
          checked = out.violations;
          detail = renderResultAndOutputs(out.result).trimStart();
          answered = true;
          const d = [
            ...(s.expect !== null ? diffExpected(s.expect, out.result) : []),
            ...(s.ids !== null ? ids.check(s.ids, out.result) : []),
          ];
          if (d.length > 0) {
            ok = false;
            answered = false;
            detail = d.join('; ');
          }
        } catch (e) {
          if (!(e instanceof Unmodelled) && !(e instanceof NotRunnable)) throw e;
          ok = false;
          detail = e.message;
        }
        break;
      }
      case 'checkpoint': {
        const ck = checkpointWorld(
          w,
          {
            checkpointer: 1,
            pids: s.pids,
            strategy: strategy ?? s.strategy,
            ...(s.ghostLimit !== null ? { ghostLimit: s.ghostLimit } : {}),
            ...(s.failAfter !== null ? { failAfterNames: { count: s.failAfter, errno: 'EIO' as const } } : {}),
          },
          { patches: true },
        );
        w = ck.world;
        patches = ck.patches;
        if (ck.result.ok) {
          image = ck.result.image;
          created = pinCreated(w, 1, image.createdNames);
          io.checkpoint = image.io;
          detail = `image of ${image.files.length} files; created ${created.map((c) => c.path).join(', ') || 'no names'}`;
        } else {
          created = pinCreated(w, 1, ck.result.createdNames);
          io.checkpoint = ck.result.io;
          const why = ck.result.reason === null ? '' : ` (${ck.result.reason})`;
          detail = `${ck.result.errno}${why}; left ${created.map((c) => c.path).join(', ') || 'no names'}`;
        }
        ok = s.expect.ok ? ck.result.ok : !ck.result.ok && ck.result.errno === s.expect.errno;
        break;
      }
      case 'kill': {
        const refused = killRefusals(w, s.pids);
        const k = killTasksFlow(
          w,
          s.pids.filter((p) => !refused.has(p)),
          { patches: true },
        );
        w = k.world;
        patches = k.patches;
        ok = refused.size === 0;
        detail = ok ? 'the tasks exit; their files are closed' : [...refused.values()].join('; ');
        break;
      }
      case 'backup': {
        const b = backupRootFs(w);
        w = b.world;
        patches = null;
        io.backup = b.stats.bytes;
        detail = `${b.stats.files} files, ${b.stats.bytes} bytes copied`;
        break;
      }
      case 'restart': {
        if (image === null) {
          ok = false;
          detail = 'no image: no checkpoint succeeded before this step';
          break;
        }
        const rs = restartWorld(
          w,
          {
            restarter: 1,
            image,
            ...(s.failAtCall !== null ? { failAtCall: { index: s.failAtCall, errno: 'EIO' as const } } : {}),
          },
          { patches: true },
        );
        w = rs.world;
        patches = rs.patches;
        io.restart = rs.result.io;
        detail = rs.result.ok
          ? `restored pids ${[...rs.result.pids.entries()].map(([a, b]) => `${a}→${b}`).join(', ')}`
          : `${rs.result.call}: ${rs.result.errno}${rs.result.reason === null ? '' : ` (${rs.result.reason})`}`;
        ok = s.expect.ok ? rs.result.ok : !rs.result.ok && rs.result.errno === s.expect.errno;
        break;
      }
      case 'cleanup': {
        const cl = cleanupWorld(w, 1, created, undefined, { patches: true });
        w = cl.world;
        patches = cl.patches;
        detail = `removed ${cl.result.removed.join(', ') || 'nothing'}; kept ${cl.result.kept.map((k) => `${k.path} (${k.why})`).join(', ') || 'nothing'}`;
        if (s.removed !== null && cl.result.removed.length !== s.removed) ok = false;
        break;
      }
      case 'assert':
        ({ ok, detail } = checkAssert(w, s));
        break;
    }
    // A flow's world (and the world a refused call left) goes on in the session, checked here.
    if (checked === null) session.replace(w);
    const v = checked ?? session.check();
    if (v.length > 0) {
      ok = false;
      detail += `; invariants broken: ${v.map((x) => `${x.invariant}: ${x.message}`).join('; ')}`;
    }
    steps.push({ line: s.line, what: describeStep(s), note: s.note, ok, detail, answered, world: w, image, patches });
  }
  return { scenario: sc, initial, steps, failures: steps.filter((s) => !s.ok).length, io };
}
