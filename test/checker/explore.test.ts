import { describe, expect, it } from 'vitest';
import { produce } from 'immer';
import { stateKey } from '../../src/checker/canonical.js';
import { applyOp, exhaustive, random } from '../../src/checker/search/explore.js';
import { startWorld, type Op } from '../../src/checker/relink-alphabet.js';
import { counterexampleYaml } from '../../src/checker/search/counterexample.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { runScenario } from '../../src/scenario/run.js';
import { step } from '../../src/ops/run/step.js';

describe('canonical state keys', () => {
  it('are equal for worlds that differ only in the ids they allocated', () => {
    const w = startWorld('relink');
    const a = step(w, 2, { call: 'open', path: '/x', flags: 0o102, mode: 0o644 }).world;
    // Burn some ids first: the same state reached with other object ids.
    const burnt = produce(w, (d) => {
      d.next.inode += 7;
      d.next.dentry += 5;
      d.next.file += 3;
    });
    const b = step(burnt, 2, { call: 'open', path: '/x', flags: 0o102, mode: 0o644 }).world;
    expect(a).not.toEqual(b);
    expect(stateKey(a)).toBe(stateKey(b));
  });

  it('are equal for worlds whose file system handed out other inode numbers', () => {
    const w = startWorld('relink');
    const open = { call: 'open', path: '/x', flags: 0o102, mode: 0o644 } as const;
    const a = step(w, 2, open).world;
    const skipped = produce(w, (d) => {
      for (const sb of Object.values(d.superblocks)) sb.s_next_ino += 9;
    });
    const b = step(skipped, 2, open).world;
    const ino = (x: typeof a): number[] => Object.values(x.inodes).map((i) => i.i_ino);
    expect(ino(a)).not.toEqual(ino(b));
    expect(stateKey(a)).toBe(stateKey(b));
  });

  it('still tell apart two names of one inode from names of two inodes', () => {
    const w = startWorld('relink');
    const created = step(w, 2, { call: 'open', path: '/a', flags: 0o102, mode: 0o644 }).world;
    const linked = step(created, 2, { call: 'link', oldpath: '/a', newpath: '/b' }).world;
    const two = step(created, 2, { call: 'open', path: '/b', flags: 0o102, mode: 0o644 }).world;
    const closed = step(two, 2, { call: 'close', fd: 4 }).world;
    expect(stateKey(linked)).not.toBe(stateKey(closed));
  });

  it('differ when something observable differs', () => {
    const w = startWorld('relink');
    const a = step(w, 2, { call: 'open', path: '/x', flags: 0o102, mode: 0o644 }).world;
    const b = step(w, 2, { call: 'open', path: '/y', flags: 0o102, mode: 0o644 }).world;
    expect(stateKey(a)).not.toBe(stateKey(b));
  });
});

describe('the exhaustive explorer', () => {
  it('finds no violation in the correct relink variant up to depth 4', () => {
    const r = exhaustive('relink', 4);
    expect(r.counterexample).toBeNull();
    expect(r.distinctStates).toBeGreaterThan(100);
  });

  const FOUND: [string, string][] = [
    ['relink-option-leak', 'refcountLedger'],
    ['relink-keeps-orphan', 'orphanListIsExact'],
    ['relink-double-count', 'nlinkMatchesNames'],
    ['relink-cross-mount', 'newNamesInsideSourceMount'],
    ['fifo-relink-drops-buffer', 'contentsChangeOnlyThroughData'],
    ['relink-falls-back-to-link', 'deletedStaysDeleted'],
    ['unlink-orphan-before-drop', 'orphanListIsExact'],
  ];
  for (const [bug, invariant] of FOUND) {
    it(`finds seeded bug ${bug} with a shortest counterexample of at most 8 steps`, () => {
      const r = exhaustive(bug, 5);
      expect(r.counterexample?.violations.map((v) => v.invariant)).toContain(invariant);
      expect(r.counterexample?.ops.length).toBeLessThanOrEqual(8);
    });
  }

  it('writes a counterexample as a scenario that `run` replays to the same violation', () => {
    const r = exhaustive('relink-keeps-orphan', 5);
    if (r.counterexample === null) throw new Error('not found');
    const sc = parseScenario(counterexampleYaml('relink-keeps-orphan', r.counterexample), 'cx.yaml');
    const rep = runScenario(sc);
    expect(rep.steps.at(-1)?.ok).toBe(false);
    expect(rep.steps.at(-1)?.detail).toContain('orphanListIsExact');
    expect(rep.failures).toBe(1);
  });

  it('searches from the start it is given, and writes the setup calls given for it', () => {
    const open: Op = { label: 'open /x', pid: 2, sc: { call: 'open', path: '/x', flags: 0o102, mode: 0o644 } };
    const unlink: Op = { label: 'unlink /x', pid: 2, sc: { call: 'unlink', path: '/x' } };
    const opened = step(startWorld('unlink-orphan-before-drop'), 2, open.sc).world;
    const r = exhaustive('unlink-orphan-before-drop', 1, [unlink], { start: opened });
    expect(r.counterexample?.ops).toEqual([unlink]);
    if (r.counterexample === null) throw new Error('not found');
    const yaml = counterexampleYaml('unlink-orphan-before-drop', r.counterexample, [
      { pid: 1, sc: { call: 'fork', child: 2 } },
      { pid: 2, sc: open.sc },
    ]);
    const rep = runScenario(parseScenario(yaml, 'cx.yaml'));
    expect(rep.steps.map((x) => x.ok)).toEqual([true, true, false]);
  });

  it('does not run an op where its `when` does not hold: no transition, no state', () => {
    const open: Op = { label: 'open /x', pid: 2, sc: { call: 'open', path: '/x', flags: 0o102, mode: 0o644 } };
    const never: Op = { ...open, when: () => false };
    expect(applyOp(startWorld('relink'), never)).toBeNull();
    expect(exhaustive('relink', 2, [never])).toMatchObject({ transitions: 0, distinctStates: 1 });
    expect(exhaustive('relink', 2, [{ ...open, when: () => true }]).transitions).toBeGreaterThan(0);
  });
});

describe('the random explorer', () => {
  it('shrinks a failure for relink-double-count to a sequence no op of which can be dropped', () => {
    const r = random('relink-double-count', 500, 7);
    const ops = r.counterexample?.ops ?? [];
    expect(ops.length).toBeGreaterThan(0);
    expect(ops.length).toBeLessThanOrEqual(4);
    const fails = (seq: readonly Op[]): boolean => {
      let w = startWorld('relink-double-count');
      for (const op of seq) {
        const out = applyOp(w, op);
        if (out === null) continue;
        if (out.violations.length > 0) return true;
        w = out.world;
      }
      return false;
    };
    expect(fails(ops)).toBe(true);
    for (let i = 0; i < ops.length; i++) expect(fails(ops.filter((_, j) => j !== i))).toBe(false);
  });

  it('finds nothing in the correct variant over 500 runs', () => {
    expect(random('relink', 500, 11).counterexample).toBeNull();
  });
});
