/**
 * `relinklab merge FILE...`: shard files into the summary the single run prints. Every file is
 * read and checked before anything is written; a bad set is one line and exit 2.
 */
import { readFileSync } from 'node:fs';
import { mergeShards, type NamedShard } from '../checker/search/merge.js';
import { RELINK_ALPHABET } from '../checker/relink-alphabet.js';
import { parseShardFile } from '../checker/search/shard-file.js';
import { InputError, ShardFileError } from '../model/errors.js';
import { checkWritable } from './check-args.js';
import { exhaustiveOutcome } from '../checker/modes/exhaustive-report.js';
import { reportOutcome } from './check-outcome.js';
import type { Io } from './io.js';

export interface MergeArgs {
  readonly files: readonly string[];
  readonly json: boolean;
  readonly out: string;
}

function readShard(name: string): NamedShard {
  let text: string;
  try {
    text = readFileSync(name, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));
    throw new InputError(name, 0, `cannot read (${code})`);
  }
  return { name, file: parseShardFile(text, name, RELINK_ALPHABET) };
}

export function runMerge(a: MergeArgs, io: Io): number {
  checkWritable('--out', a.out);
  let merged;
  try {
    merged = mergeShards(a.files.map(readShard));
  } catch (e) {
    if (e instanceof ShardFileError) throw new InputError(e.file, 0, e.detail);
    throw e;
  }
  const summary = {
    kernel: merged.kernel,
    stats: merged.stats,
    workers: merged.workers,
    shards: { count: merged.shards, totalMillis: merged.totalShardMillis },
  };
  return reportOutcome(exhaustiveOutcome(summary), a, io);
}
