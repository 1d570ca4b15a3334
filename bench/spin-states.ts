/**
 * relinklab's and SPIN's state spaces side by side, through the explicit mapping of
 * bench/spin-form.ts: each side writes every transition it takes, `DEPTH OP BEFORE | AFTER` (DEPTH
 * the breadth-first level of BEFORE, OP the alphabet's index, both states in the form), and the
 * two lists and the states they reach at each level are compared.
 *
 * relinklab's side is the exhaustive explorer's search with the raw key (ids as allocated, no
 * symmetry reduction): every operation from every state of levels 0..depth-1, a failing call's
 * step back to the same state included, each state expanded once, at its first level.
 */
import { rawStateKey } from '../src/checker/canonical.js';
import { RELINK_ALPHABET, startWorld } from '../src/checker/relink-alphabet.js';
import { applyOp } from '../src/checker/search/explore.js';
import type { World } from '../src/model/world.js';
import { SpinForm } from './spin-form.js';
import { spinDump } from './spin.js';

export interface RelinklabTransitions {
  readonly lines: readonly string[];
  /** Distinct raw keys met (the start included): the count the raw-key explorer reports. */
  readonly rawStates: number;
  /** Distinct forms among them: equal to rawStates when the form loses nothing that tells states apart. */
  readonly formStates: number;
}

/** Every transition of the raw-key breadth-first search of `kernel` to `depth`, in the form. */
export function relinklabTransitions(kernel: string, depth: number): RelinklabTransitions {
  const start = startWorld(kernel);
  const form = new SpinForm(start);
  const seen = new Set<string>([rawStateKey(start)]);
  const forms = new Set<string>([form.of(start)]);
  const lines: string[] = [];
  let frontier: World[] = [start];
  for (let d = 0; d < depth; d++) {
    const next: World[] = [];
    for (const w of frontier) {
      const before = form.of(w);
      for (const [op, o] of RELINK_ALPHABET.entries()) {
        const r = applyOp(w, o);
        if (r === null) continue;
        const after = form.of(r.world);
        lines.push(`${d} ${op} ${before} | ${after}`);
        const key = rawStateKey(r.world);
        if (seen.has(key)) continue;
        seen.add(key);
        forms.add(after);
        next.push(r.world);
      }
    }
    frontier = next;
  }
  return { lines, rawStates: seen.size, formStates: forms.size };
}

/** The states a list of transitions reaches, by the first level each is met at (level 0: the start). */
export function statesByLevel(lines: readonly string[]): Map<string, number> {
  const level = new Map<string, number>();
  for (const line of lines) {
    const m = /^(\d+) \d+ (.*) \| (.*)$/.exec(line);
    if (m?.[1] === undefined || m[2] === undefined || m[3] === undefined) throw new Error(`not a transition: ${line}`);
    const d = Number(m[1]);
    if (d === 0 && !level.has(m[2])) level.set(m[2], 0);
    const was = level.get(m[3]);
    if (was === undefined || was > d + 1) level.set(m[3], d + 1);
  }
  return level;
}

export interface LevelComparison {
  /** States first met at this level. */
  readonly level: number;
  readonly spin: number;
  readonly relinklab: number;
  /** The two sets are equal. */
  readonly equal: boolean;
}

export interface SpinStateComparison {
  readonly depth: number;
  readonly levels: readonly LevelComparison[];
  /** Transitions written by each side (one per operation from each state of levels 0..depth-1). */
  readonly spinTransitions: number;
  readonly relinklabTransitions: number;
  /** The two lists of transitions are equal, line for line once sorted. */
  readonly transitionsEqual: boolean;
  /** pan's own count of stored states in the dumping run, against the states its lines reach. */
  readonly spinStored: number;
  readonly spinReached: number;
  readonly rawStates: number;
  readonly formStates: number;
}

const byLevel = (states: Map<string, number>, level: number): Set<string> =>
  new Set([...states].filter(([, l]) => l === level).map(([s]) => s));

const sameSet = (a: ReadonlySet<string>, b: ReadonlySet<string>): boolean =>
  a.size === b.size && [...a].every((s) => b.has(s));

/** Both sides to `depth` on the correct series (or, for relinklab, `kernel`), written and compared. */
export function compareWithSpin(depth: number, kernel = 'relink'): SpinStateComparison {
  const spin = spinDump(depth);
  const ours = relinklabTransitions(kernel, depth);
  const spinStates = statesByLevel(spin.lines);
  const ourStates = statesByLevel(ours.lines);
  const levels: LevelComparison[] = [];
  for (let level = 0; level <= depth; level++) {
    const a = byLevel(spinStates, level);
    const b = byLevel(ourStates, level);
    levels.push({ level, spin: a.size, relinklab: b.size, equal: sameSet(a, b) });
  }
  const sortedSpin = [...spin.lines].sort();
  const sortedOurs = [...ours.lines].sort();
  return {
    depth,
    levels,
    spinTransitions: spin.lines.length,
    relinklabTransitions: ours.lines.length,
    transitionsEqual: sortedSpin.length === sortedOurs.length && sortedSpin.every((l, i) => l === sortedOurs[i]),
    spinStored: spin.stored,
    spinReached: spinStates.size,
    rawStates: ours.rawStates,
    formStates: ours.formStates,
  };
}
