/**
 * The worlds at the ends of paths, rebuilt from the start by running their ops: a job of the
 * distributed search receives its new states as paths (a few bytes each) rather than as worlds
 * (about 7.5 KB of JSON each at depth 5), and rebuilds them here. The paths come sorted, so
 * walking them is walking their trie: a prefix shared with the previous path is not run again,
 * and a partition's states share many of their ancestors (rebuilding level 5's 1,604 states runs
 * 1.2 ops a state in one partition, 2.0 over eight; docs/checker.md has the measurement).
 */
import type { World } from '../../model/world.js';
import { ModelBug } from '../../model/errors.js';
import type { Op } from '../relink-alphabet.js';
import { rederiveOp } from './apply-op.js';
import { decodePath } from './path-code.js';
import type { LevelNode } from './expand-level.js';

/** Rebuilding runs steps the search already ran and checked: unchecked (apply-op.ts), and each must run. */
function replayStep(w: World, op: Op, path: string): World {
  const next = rederiveOp(w, op);
  if (next === null) throw new ModelBug(`path ${path} runs an op that cannot run there`);
  return next;
}

/** Counts the ops run, for the measurement. */
export interface TrieWalk {
  steps: number;
}

/** Each path's world, in the order given (ascending: a path after one it does not extend). */
export function* worldsAlong(
  start: World,
  paths: Iterable<string>,
  alphabet: readonly Op[],
  walk: TrieWalk = { steps: 0 },
): Generator<LevelNode> {
  // along[i] is the world after the first i ops of `previous`.
  const along: World[] = [start];
  let previous = '';
  for (const path of paths) {
    if (path < previous) throw new ModelBug(`path ${path} comes after ${previous}: the walk needs them sorted`);
    let shared = 0;
    while (shared < path.length && shared < previous.length && path[shared] === previous[shared]) shared++;
    const ops = decodePath(path, alphabet);
    for (let i = shared; i < ops.length; i++) {
      const op = ops[i];
      const before = along[i];
      if (op === undefined || before === undefined) throw new ModelBug(`path ${path}: no world at step ${i}`);
      along[i + 1] = replayStep(before, op, path);
      walk.steps++;
    }
    along.length = path.length + 1;
    previous = path;
    const world = along[path.length];
    if (world === undefined) throw new ModelBug(`path ${path}: no world at its end`);
    yield { path, world };
  }
}
