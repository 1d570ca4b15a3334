/**
 * The coordinator of a partitioned breadth-first search: level by level, every owner expands its
 * frontier, the new states go to their owners (who keep each one's smallest path), and the worlds
 * of the winners travel to them. The counts equal the single-threaded search's because both meet
 * states in path order (path-code.ts); at a violation every owner counts what comes before it.
 *
 * With a shard, the last level expands only that shard's states and ends with the raw material
 * for `merge` (the states found, the expanded paths, this shard's first violation).
 */
import type { Expanded, KeyPath, LevelViolation, ShardSpec } from './bfs-owner.js';
import type { RemoteOwner } from './owner-rpc.js';
import { KeySetDigest } from './partition.js';
import { earlierPath } from './path-code.js';
import type { ProgressSink } from './progress.js';

/** What the single-threaded search reports, less time and memory. */
export interface LevelCounts {
  readonly depth: number;
  readonly distinctStates: number;
  readonly transitions: number;
  readonly statesPerLevel: readonly number[];
  readonly queue: number;
  readonly violation: LevelViolation | null;
}

/** Levels 0 .. depth-1 of a sharded search: the same in every shard. */
export interface ShardPrefix {
  readonly statesPerLevel: readonly number[];
  readonly transitions: number;
  /** XOR of the SHA-1 keys of every state in those levels. */
  readonly digest: string;
}

/** The last level as one shard saw it: from its own states only. */
export interface ShardLastLevel {
  readonly transitions: number;
  readonly expanded: readonly Expanded[];
  /** States new at the last level, with the smallest path this shard found for each. */
  readonly found: readonly KeyPath[];
  readonly violation: LevelViolation | null;
}

export type LevelOutcome =
  | { readonly kind: 'complete'; readonly counts: LevelCounts }
  | { readonly kind: 'shard'; readonly prefix: ShardPrefix; readonly last: ShardLastLevel };

/** Progress from the owners' ticks (transitions inside the level) and the finished levels. */
export class LevelMeter {
  private level = 1;
  private distinct = 1;
  private transitions = 0;
  private queue = 1;
  private readonly inLevel = new Map<number, number>();

  constructor(private readonly sink?: ProgressSink) {}

  readonly tick = (owner: number, transitions: number): void => {
    this.inLevel.set(owner, transitions);
    this.emit();
  };

  finished(level: number, distinct: number, transitions: number, queue: number): void {
    Object.assign(this, { level: level + 1, distinct, transitions, queue });
    this.inLevel.clear();
    this.emit();
  }

  private emit(): void {
    let t = this.transitions;
    for (const n of this.inLevel.values()) t += n;
    this.sink?.({ kind: 'exhaustive', level: this.level, distinct: this.distinct, transitions: t, queue: this.queue });
  }
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

export async function levelSearch(
  owners: readonly RemoteOwner[],
  depth: number,
  shard: ShardSpec | null,
  meter: LevelMeter = new LevelMeter(),
): Promise<LevelOutcome> {
  const levels = [sum((await Promise.all(owners.map((o) => o.start({})))).map((r) => r.n))];
  let transitions = 0;
  for (let d = 1; d <= depth && (levels[d - 1] ?? 0) > 0; d++) {
    const last = d === depth;
    const onlyShard = last ? shard : null;
    const ex = await Promise.all(owners.map((o) => o.expand({ keepWorlds: !last, shard: onlyShard })));
    const offered = await Promise.all(
      owners.map((o, j) => o.offer({ batches: ex.map((r, i) => ({ from: i, items: r.offers[j] ?? [] })) })),
    );
    const violation = ex.reduce<LevelViolation | null>((a, r) => earlierPath(a, r.violation), null);
    if (onlyShard !== null) {
      const fin = await Promise.all(owners.map((o) => o.finish({})));
      const digest = new KeySetDigest();
      for (const f of fin) digest.addDigest(f.digest);
      return {
        kind: 'shard',
        prefix: { statesPerLevel: levels, transitions, digest: digest.toString() },
        last: {
          transitions: sum(ex.map((r) => r.transitions)),
          expanded: fin.flatMap((f) => f.expanded),
          found: fin.flatMap((f) => f.found),
          violation,
        },
      };
    }
    if (violation !== null) {
      const cut = await Promise.all(owners.map((o) => o.cutoff({ cx: violation.path })));
      const perLevel = [...levels, sum(cut.map((c) => c.fresh))];
      return {
        kind: 'complete',
        counts: {
          depth: d,
          distinctStates: sum(perLevel),
          transitions: transitions + sum(cut.map((c) => c.transitions)),
          statesPerLevel: perLevel,
          queue: sum(cut.map((c) => c.queue)),
          violation,
        },
      };
    }
    transitions += sum(ex.map((r) => r.transitions));
    levels.push(sum(offered.map((r) => r.fresh)));
    if (!last)
      await moveWorlds(
        owners,
        offered.map((r) => r.requests),
      );
    meter.finished(d, sum(levels), transitions, levels[d] ?? 0);
  }
  return {
    kind: 'complete',
    counts: {
      depth,
      distinctStates: sum(levels),
      transitions,
      statesPerLevel: levels,
      queue: levels.at(-1) ?? 0,
      violation: null,
    },
  };
}

/** Each owner asks the finders of its new states for their worlds; then all take their frontier. */
async function moveWorlds(
  owners: readonly RemoteOwner[],
  requests: readonly (readonly (readonly string[])[])[],
): Promise<void> {
  // requests[j][i]: the keys owner j wants from owner i.
  const shipped = await Promise.all(
    owners.map((o, i) => o.ship({ keys: requests.flatMap((perSource) => perSource[i] ?? []) })),
  );
  const keys: string[][] = owners.map(() => []);
  const worlds: string[][] = owners.map(() => []);
  shipped.forEach((s, i) => {
    let at = 0;
    requests.forEach((perSource, j) => {
      for (const key of perSource[i] ?? []) {
        keys[j]?.push(key);
        worlds[j]?.push(s.worlds[at++] ?? '');
      }
    });
  });
  await Promise.all(owners.map((o, j) => o.accept({ keys: keys[j] ?? [], worlds: worlds[j] ?? [] })));
}
