/**
 * The expansion of one level of a partitioned breadth-first search, shared by the owners of the
 * worker-thread search (bfs-owner.ts) and the jobs of the distributed one (dist-level.ts). The
 * order rule lives here: states in path order, ops in index order, so every path offered is
 * larger than the ones before it, a state found twice in the level is offered once with its
 * smallest path, and the first violation met is this part's earliest (path-code.ts).
 */
import type { World } from '../../model/world.js';
import { applyOp } from './apply-op.js';
import { opChar } from './path-code.js';
import type { Op } from '../relink-alphabet.js';
import type { Violation } from '../../invariants/violation.js';

/** An expanded state: its path, and the ops that could run from it (as path characters). */
export type Expanded = readonly [path: string, ops: string];

export interface LevelViolation {
  readonly path: string;
  readonly violations: readonly Violation[];
}

/** A state to expand, in path order. */
export interface LevelNode {
  readonly path: string;
  readonly world: World;
}

/** A successor new to this part in this level, for its owner. */
export interface Offer {
  readonly key: string;
  readonly path: string;
  readonly owner: number;
  readonly world: World;
}

export interface LevelRules {
  readonly alphabet: readonly Op[];
  readonly keyOf: (w: World) => string;
  readonly ownerOf: (key: string) => number;
  /** True for a key this part already knows is not new (its own states seen before). */
  readonly known: (key: string, owner: number) => boolean;
  readonly offer: (o: Offer) => void;
  /** Hears the transitions made so far, every 256. */
  readonly tick?: (transitions: number) => void;
}

export interface LevelExpansion {
  readonly transitions: number;
  readonly expanded: readonly Expanded[];
  /** This part's first violation in path order; it stopped expanding there. */
  readonly violation: LevelViolation | null;
}

export function expandLevel(nodes: Iterable<LevelNode>, r: LevelRules): LevelExpansion {
  const local = new Set<string>();
  const expanded: Expanded[] = [];
  let transitions = 0;
  for (const node of nodes) {
    let ops = '';
    for (const [i, op] of r.alphabet.entries()) {
      const out = applyOp(node.world, op);
      if (out === null) continue;
      ops += opChar(i);
      transitions++;
      if (r.tick !== undefined && transitions % 256 === 0) r.tick(transitions);
      const path = node.path + opChar(i);
      if (out.violations.length > 0) {
        expanded.push([node.path, ops]);
        return { transitions, expanded, violation: { path, violations: out.violations } };
      }
      // A call that changed nothing returns the very world (cow.ts): this state, known already.
      if (out.world === node.world) continue;
      const key = r.keyOf(out.world);
      if (local.has(key)) continue;
      local.add(key);
      const owner = r.ownerOf(key);
      if (r.known(key, owner)) continue;
      r.offer({ key, path, owner, world: out.world });
    }
    expanded.push([node.path, ops]);
  }
  return { transitions, expanded, violation: null };
}
