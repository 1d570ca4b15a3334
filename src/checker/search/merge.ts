/**
 * `relinklab merge`: shard files back into the single run's answer. The levels before the last
 * are the same in every shard (checked by digest); the last level's states are the union of what
 * the shards found, each with its smallest path; a violation is the earliest path any shard
 * found, and the counts are cut there exactly as the single run stops there (path-code.ts).
 */
import type { LevelCounts, ShardLastLevel, ShardPrefix } from './bfs-levels.js';
import type { LevelViolation } from './bfs-owner.js';
import type { ExhaustiveStats } from './explore.js';
import { countsToStats } from './parallel.js';
import { earlierPath, transitionsUpTo } from './path-code.js';
import { RELINK_ALPHABET, type Op } from '../relink-alphabet.js';
import { ModelBug, ShardFileError } from '../../model/errors.js';
import { alphabetDigest, type ShardFile } from './shard-file.js';

export interface NamedShard {
  readonly name: string;
  readonly file: ShardFile;
}

export interface MergedSearch {
  readonly kernel: string;
  readonly shards: number;
  /** Time is the slowest shard's (they run side by side), heap the largest shard's. */
  readonly stats: ExhaustiveStats;
  /** Every shard's time added up: the CPU the search cost. */
  readonly totalShardMillis: number;
  /** The most worker threads any shard used. */
  readonly workers: number;
}

const describeSearch = (f: ShardFile): string =>
  `kernel ${f.kernel}, depth ${f.depth}, ${f.shard.count} shard${f.shard.count === 1 ? '' : 's'}`;

/** Every file of one search, each shard once, all present: else a one-line ShardFileError. */
function checkSet(shards: readonly NamedShard[], alphabet: readonly Op[]): ShardFile[] {
  const first = shards[0];
  if (first === undefined) throw new ShardFileError('merge', 'no shard files given');
  const digest = alphabetDigest(alphabet);
  const byIndex = new Map<number, string>();
  for (const { name, file } of shards) {
    if (file.alphabet !== digest) throw new ShardFileError(name, 'made with another op alphabet (another relinklab?)');
    if (
      file.kernel !== first.file.kernel ||
      file.depth !== first.file.depth ||
      file.shard.count !== first.file.shard.count
    )
      throw new ShardFileError(
        name,
        `is from ${describeSearch(file)}, not ${describeSearch(first.file)} like ${first.name}`,
      );
    const twice = byIndex.get(file.shard.index);
    if (twice !== undefined)
      throw new ShardFileError(name, `shard ${file.shard.index}/${file.shard.count} is also in ${twice}`);
    byIndex.set(file.shard.index, name);
  }
  for (let i = 0; i < first.file.shard.count; i++) {
    if (!byIndex.has(i)) throw new ShardFileError('merge', `shard ${i}/${first.file.shard.count} is missing`);
  }
  const differsFromFirst = (part: (f: ShardFile) => unknown): NamedShard | undefined =>
    shards.find((s) => JSON.stringify(part(s.file)) !== JSON.stringify(part(first.file)));
  const kindDiffers = differsFromFirst((f) => f.result.kind);
  const prefixDiffers = differsFromFirst((f) => (f.result.kind === 'complete' ? f.result.counts : f.result.prefix));
  const odd = kindDiffers ?? prefixDiffers;
  if (odd !== undefined)
    throw new ShardFileError(odd.name, `disagrees with ${first.name} on the levels before the last (another build?)`);
  return shards.map((s) => s.file);
}

/**
 * The last level from every shard, cut at the earliest violation as the single run cuts it. The
 * distributed search's collect (dist-collect.ts) cuts its last expanded level with it too.
 */
export function lastLevelCounts(prefix: ShardPrefix, lasts: readonly ShardLastLevel[], depth: number): LevelCounts {
  const found = new Map<string, string>();
  for (const l of lasts) {
    for (const [key, path] of l.found) {
      const p = found.get(key);
      if (p === undefined || path < p) found.set(key, path);
    }
  }
  const violation = lasts.reduce<LevelViolation | null>((a, l) => earlierPath(a, l.violation), null);
  const before = prefix.statesPerLevel.reduce((a, b) => a + b, 0);
  if (violation === null) {
    return {
      depth,
      distinctStates: before + found.size,
      transitions: prefix.transitions + lasts.reduce((a, l) => a + l.transitions, 0),
      statesPerLevel: [...prefix.statesPerLevel, found.size],
      queue: found.size,
      violation: null,
    };
  }
  const cx = violation.path;
  const cxParent = cx.slice(0, -1);
  let transitions = prefix.transitions;
  let expandedBefore = 0;
  for (const l of lasts) {
    for (const [path, ops] of l.expanded) {
      transitions += transitionsUpTo(path, ops, cx);
      if (path <= cxParent) expandedBefore++;
    }
  }
  let fresh = 0;
  for (const path of found.values()) if (path < cx) fresh++;
  const lastFrontier = prefix.statesPerLevel.at(-1) ?? 0;
  return {
    depth,
    distinctStates: before + fresh,
    transitions,
    statesPerLevel: [...prefix.statesPerLevel, fresh],
    queue: lastFrontier - expandedBefore + fresh,
    violation,
  };
}

export function mergeShards(shards: readonly NamedShard[], alphabet: readonly Op[] = RELINK_ALPHABET): MergedSearch {
  const files = checkSet(shards, alphabet);
  const first = files[0];
  if (first === undefined) throw new ModelBug('unreachable: checkSet refuses an empty set');
  const counts =
    first.result.kind === 'complete'
      ? first.result.counts
      : lastLevelCounts(
          first.result.prefix,
          files.map((f) => (f.result.kind === 'shard' ? f.result.last : null)).filter((l) => l !== null),
          first.depth,
        );
  const millis = Math.max(...files.map((f) => f.millis));
  const heapBytes = Math.max(...files.map((f) => f.heapBytes));
  return {
    kernel: first.kernel,
    shards: files.length,
    stats: countsToStats(counts, alphabet, millis, heapBytes),
    totalShardMillis: files.reduce((a, f) => a + f.millis, 0),
    workers: Math.max(...files.map((f) => f.workers)),
  };
}
