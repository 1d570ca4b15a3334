// The security mode: the security alphabet from relink_dir private (0700) and careless (0755),
// breadth first; what it finds in the two seeded security bugs, through which laws, and that the
// correct series is clean from both starts.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { firstFinding, securitySearch } from '../../src/checker/modes/security.js';
import type { Op } from '../../src/checker/relink-alphabet.js';
import { applyOp } from '../../src/checker/search/explore.js';
import {
  FS_ROOT_HELPER,
  SECURITY_ALPHABET,
  SECURITY_STARTS,
  securityStartWorld,
  type SecurityStart,
} from '../../src/checker/security-alphabet.js';
import type { Io } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { deletedStaysDeleted } from '../../src/invariants/deleted-stays-deleted.js';
import { unprivileged } from '../../src/invariants/security.js';
import { CAP_FS_MASK } from '../../src/model/cred.js';
import type { World } from '../../src/model/world.js';
import { checkpointRestoreCapable } from '../../src/ops/relink/relink-op.js';
import { rTask } from '../../src/ops/vfs/world-draft.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { runScenario } from '../../src/scenario/run.js';

const startOf = (name: SecurityStart['name']): SecurityStart => {
  const s = SECURITY_STARTS.find((x) => x.name === name);
  if (s === undefined) throw new Error(`no start ${name}`);
  return s;
};

const op = (label: string): Op => {
  const found = SECURITY_ALPHABET.find((o) => o.label === label);
  if (found === undefined) throw new Error(`no op ${label}`);
  return found;
};

/** The ops in turn from a start; each op's laws broken (null: the op did not run). */
function run(kernel: string, start: SecurityStart, ops: readonly (string | Op)[]): (string[] | null)[] {
  let w: World = securityStartWorld(kernel, start);
  return ops.map((o) => {
    const r = applyOp(w, typeof o === 'string' ? op(o) : o);
    if (r === null) return null;
    w = r.world;
    return r.violations.map((v) => v.invariant);
  });
}

const RELINK_WORKER_FILE = [
  'worker opens /w/f',
  'worker unlinks /w/f',
  "checkpointer relinks the worker's fd 3, its name gone",
];

function capture(): Io & { outs: string[] } {
  const outs: string[] = [];
  return { outs, out: (s) => outs.push(s), err: (s) => outs.push(s), isTTY: false };
}

describe('the security mode', () => {
  it('finds nothing in the correct series from either start, and explores each to the depth asked', () => {
    const runs = securitySearch('relink', 5);
    expect(runs.map((r) => r.start.name)).toEqual(['private', 'careless']);
    for (const r of runs) {
      expect(r.stats.counterexample).toBeNull();
      expect(r.stats.depth).toBe(5);
      expect(r.stats.statesPerLevel).toHaveLength(6);
    }
  });

  it("finds relink-dir-not-private from the careless start: the worker's deleted file relinked into a 0755 relink_dir, deletedStaysDeleted", () => {
    const found = firstFinding(securitySearch('relink-dir-not-private', 5));
    expect(found?.start.name).toBe('careless');
    expect(found?.stats.counterexample?.ops.map((o) => o.label)).toEqual(RELINK_WORKER_FILE);
    expect(found?.stats.counterexample?.violations.map((v) => v.invariant)).toEqual(['deletedStaysDeleted']);
  });

  it('sees the revocation undone one step later: the stranger opens the relinked file, revokedStaysRevoked', () => {
    const steps = [...RELINK_WORKER_FILE, 'stranger opens /ckpt/r'];
    expect(run('relink-dir-not-private', startOf('careless'), steps).at(-1)).toEqual(['revokedStaysRevoked']);
    // The correct series refuses the relink (ENOENT), so the stranger finds no name to open.
    expect(run('relink', startOf('careless'), steps)).toEqual([[], [], [], []]);
  });

  it('finds relink-without-capability from the private start: the fs-root helper relinks its own deleted file, deletedStaysDeleted', () => {
    const found = firstFinding(securitySearch('relink-without-capability', 5));
    expect(found?.start.name).toBe('private');
    expect(found?.stats.counterexample?.ops.map((o) => o.label)).toEqual([
      'fs-root helper opens /h',
      'fs-root helper unlinks /h',
      'fs-root helper relinks its fd 3',
    ]);
    expect(found?.stats.counterexample?.violations.map((v) => v.invariant)).toEqual(['deletedStaysDeleted']);
  });

  it('has an fs-root helper that may create names in a private relink_dir but may not checkpoint', () => {
    const helper = rTask(securityStartWorld('relink', startOf('private')), FS_ROOT_HELPER);
    expect(helper.cred.fsuid).toBe(0);
    expect(helper.cred.cap_effective).toBe(CAP_FS_MASK);
    expect(checkpointRestoreCapable(helper)).toBe(false);
    expect(unprivileged(helper)).toBe(false);
  });

  it('has a checkpointer that relinks only a file whose name is gone, as checkpoint does', () => {
    const named = run('relink', startOf('private'), ['worker opens /w/f', RELINK_WORKER_FILE[2] ?? '']);
    expect(named).toEqual([[], null]);
    expect(run('relink', startOf('private'), RELINK_WORKER_FILE)).toEqual([[], [], []]);
  });

  it('leaves out an exposure of the correct series: an alias checkpointed into a careless relink_dir is an ordinary link, and revokedStaysRevoked sees the stranger open it once the last ordinary name goes', () => {
    const alias: Op = {
      label: 'worker links /w/f as /w/g',
      pid: 2,
      sc: { call: 'link', oldpath: '/w/f', newpath: '/w/g' },
    };
    const unlinkAlias: Op = { label: 'worker unlinks /w/g', pid: 2, sc: { call: 'unlink', path: '/w/g' } };
    const exposed = ['worker opens /w/f', alias, 'worker unlinks /w/f', RELINK_WORKER_FILE[2] ?? '', unlinkAlias];
    const laws = (start: SecurityStart) => run('relink', start, [...exposed, 'stranger opens /ckpt/r']);
    expect(laws(startOf('careless'))).toEqual([[], [], [], [], [], ['revokedStaysRevoked']]);
    expect(laws(startOf('private'))).toEqual([[], [], [], [], [], []]);
  });

  it('is check --mode security: exit 1, the start named, a scenario that builds the start and replays the relink', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'relinklab-security-')), 'cx.yaml');
    const io = capture();
    const argv = ['check', '--mode', 'security', '--kernel', 'relink-without-capability', '--depth', '4'];
    expect(await main([...argv, '--out', out], io)).toBe(1);
    expect(io.outs[0]).toMatch(
      /^relink-without-capability, security: 2 starts, .*: private relink_dir \(0700\): deletedStaysDeleted after 3 steps: 4 open\("\/h"/,
    );
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('setfsuid(0)');
    // The scenario runner judges the step laws too: the relink it replays breaks deletedStaysDeleted.
    const report = runScenario(parseScenario(text, out));
    expect(report.failures).toBe(1);
    expect(report.steps.at(-1)?.detail).toContain('deletedStaysDeleted');
    const [before, after] = report.steps.slice(-2).map((s) => s.world);
    expect(before && after && deletedStaysDeleted(before, after, FS_ROOT_HELPER).map((v) => v.invariant)).toEqual([
      'deletedStaysDeleted',
    ]);
  });
});
