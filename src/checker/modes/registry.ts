/**
 * The checker's modes, in one registry: `relinklab check --mode` takes these names and runs the
 * entry's search, `--mutation` runs every seeded bug in each of them (one column per entry), and
 * the benchmark (bench/checker-bench.ts) times each seeded bug in each. Adding a mode is its
 * module in this folder and its line here (docs/architecture.md, "Add a checker mode").
 */
import { ModelBug } from '../../model/errors.js';
import { EXHAUSTIVE_MODE } from './exhaustive.js';
import type { CheckModeEntry } from './mode.js';
import { RACES_MODE } from './races.js';
import { RANDOM_MODE } from './random.js';
import { SECURITY_MODE } from './security.js';
import { SWARM_MODE } from './swarm.js';

export const CHECK_MODE_REGISTRY = [EXHAUSTIVE_MODE, RANDOM_MODE, RACES_MODE, SWARM_MODE, SECURITY_MODE] as const;

export type CheckMode = (typeof CHECK_MODE_REGISTRY)[number]['name'];

export const CHECK_MODES: readonly CheckMode[] = CHECK_MODE_REGISTRY.map((m) => m.name);

/** The entry of a mode the command line accepted (its choices are CHECK_MODES). */
export function checkMode(name: CheckMode): CheckModeEntry<CheckMode> {
  const found = CHECK_MODE_REGISTRY.find((m) => m.name === name);
  if (found === undefined) throw new ModelBug(`no checker mode ${name} in the registry`);
  return found;
}
