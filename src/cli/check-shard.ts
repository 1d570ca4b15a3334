/**
 * `relinklab check --shard I/N --out-shard FILE`: one shard of an exhaustive search, for a batch
 * engine. It exits 0 once the file is written, even if its part holds a violation: only `merge`
 * knows the shortest counterexample, and a failed array task would hold the merge job back.
 */
import { writeFileSync } from 'node:fs';
import { runShard } from '../checker/search/shard-run.js';
import { parseShardSpec } from './check-args.js';
import { EXIT_OK, type Io } from './io.js';
import { progressLine } from './progress-line.js';

export interface ShardArgs {
  readonly kernel: string;
  readonly depth: number;
  readonly workers: number;
  readonly shard: string;
  readonly outShard: string;
  readonly json: boolean;
}

export async function runShardCheck(a: ShardArgs, io: Io): Promise<number> {
  const spec = parseShardSpec(a.shard);
  const progress = progressLine(io);
  let file;
  try {
    file = await runShard(a.kernel, a.depth, spec, { workers: a.workers, onProgress: progress.sink });
  } finally {
    progress.done();
  }
  writeFileSync(a.outShard, `${JSON.stringify(file)}\n`);
  const r = file.result;
  const summary = {
    kernel: a.kernel,
    depth: a.depth,
    shard: spec,
    out: a.outShard,
    millis: file.millis,
    ended: r.kind === 'complete' ? 'before the last level (every shard has the whole answer)' : 'at the last level',
    expanded: r.kind === 'shard' ? r.last.expanded.length : 0,
    found: r.kind === 'shard' ? r.last.found.length : 0,
    violation: (r.kind === 'shard' ? r.last.violation : r.counts.violation) !== null,
  };
  if (a.json) io.out(JSON.stringify(summary));
  else {
    io.out(
      `${a.kernel}, exhaustive depth ${a.depth}, shard ${spec.index}/${spec.count}: ${summary.expanded} states expanded at the last level, ${summary.found} found, ${Math.round(file.millis)} ms${summary.violation ? ', a violation (merge gives the shortest)' : ''}`,
    );
    io.out(`wrote ${a.outShard} (relinklab merge with the other shards' files)`);
  }
  return EXIT_OK;
}
