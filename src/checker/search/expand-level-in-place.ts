/**
 * expand-level.ts's expansion of one level, in place: the states come as sorted paths and are
 * reached on one mutable world with an undo log (in-place-expander.ts), each op applied, checked,
 * fingerprinted and undone, instead of a world rebuilt per state and a new world per transition.
 * The same order rule (states in path order, ops in index order, a state found twice offered once
 * with its smallest path, this part's first violation in path order), the same state identity
 * (the canonical fingerprint, kept as a number here: the job writes the key of a state it sends
 * on), so the distributed search's jobs (dist-level.ts) answer as before at the in-place search's
 * cost. test/checker/dist*.test.ts hold them to the single run.
 */
import type { World } from '../../model/world.js';
import type { Fingerprint } from '../fingerprint.js';
import type { Expanded, LevelExpansion, LevelRules } from './expand-level.js';
import { FingerprintSet } from './fingerprint-set.js';
import { InPlaceExpander } from './in-place-expander.js';
import { opChar, pathIndices } from './path-code.js';
import { UndoWorld } from './undo-world.js';

/** A successor new to this part in this level, for its owner (its path and fingerprint: no world is shipped). */
export interface PathOffer {
  readonly fingerprint: Fingerprint;
  readonly path: string;
  readonly owner: number;
}

/** expand-level.ts's rules on fingerprints instead of keys (the canonical one here), with no world in an offer. */
export interface InPlaceLevelRules {
  readonly alphabet: LevelRules['alphabet'];
  readonly ownerOf: (f: Fingerprint) => number;
  /** True for a state this part already knows is not new (its own states seen before). */
  readonly known: (f: Fingerprint, owner: number) => boolean;
  readonly offer: (o: PathOffer) => void;
}

export interface InPlaceLevelExpansion extends LevelExpansion {
  /** Unchecked steps run to reach the states from the start (shared prefixes run once). */
  readonly steps: number;
}

/** The states at `paths` (ascending), expanded from `start`. */
export function expandLevelInPlace(
  start: World,
  paths: readonly string[],
  r: InPlaceLevelRules,
): InPlaceLevelExpansion {
  const x = new InPlaceExpander(new UndoWorld(start), r.alphabet, 'canonical');
  const local = new FingerprintSet();
  const expanded: Expanded[] = [];
  let transitions = 0;
  for (const path of paths) {
    x.goTo(pathIndices(path));
    let ops = '';
    for (let i = 0; i < r.alphabet.length; i++) {
      const out = x.tryOp(i);
      if (out === null) continue;
      ops += opChar(i);
      transitions++;
      if (out.violations.length > 0) {
        expanded.push([path, ops]);
        return {
          transitions,
          expanded,
          violation: { path: path + opChar(i), violations: out.violations },
          steps: x.steps,
        };
      }
      // null: the call changed nothing, a step back to this state, known already.
      if (out.fingerprint === null) continue;
      const f = out.fingerprint;
      if (!local.add(f)) continue;
      const owner = r.ownerOf(f);
      if (r.known(f, owner)) continue;
      r.offer({ fingerprint: f, path: path + opChar(i), owner });
    }
    expanded.push([path, ops]);
  }
  return { transitions, expanded, violation: null, steps: x.steps };
}
