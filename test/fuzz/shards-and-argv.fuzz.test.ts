// Input fuzzing of shard files (`relinklab merge`) and of command lines (main itself, through
// yargs): any input gives a documented exit status, bad input exactly one line naming the file
// or option, and a refused command leaves no file behind.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../src/cli/check.js';
import { main } from '../../src/cli/main.js';
import { runMerge } from '../../src/cli/merge.js';
import { capture } from '../helpers/io.js';
import { budget, FUZZ_SEED, FUZZ_TIMEOUT, replayHint } from './budget.js';
import { mutatedInput } from './mutate.js';
import { assertOutcome, runGuarded } from './outcome.js';
import { REPO, SHARD_TOKENS } from './seeds.js';

const tmp = mkdtempSync(join(tmpdir(), 'relinklab-fuzz-shards-'));
const outDir = join(tmp, 'out');
mkdirSync(outDir);
const shardFile = (i: number): string => join(tmp, `shard-${i}of2.json`);
const QUIET = { out: () => undefined, err: () => undefined, isTTY: false };

function emptyOutDir(): string[] {
  const left = readdirSync(outDir);
  for (const f of left) rmSync(join(outDir, f), { recursive: true, force: true });
  return left;
}

beforeAll(async () => {
  for (const i of [0, 1]) {
    const a = {
      mode: 'exhaustive' as const,
      depth: 2,
      runs: 1,
      seed: 1,
      kernel: 'relink',
      json: true,
      mutation: false,
    };
    await runCheck({ ...a, out: join(tmp, 'cx.yaml'), shard: `${i}/2`, outShard: shardFile(i) }, QUIET);
  }
});

describe(`shard file fuzzing (seed ${FUZZ_SEED}; reproduce with ${replayHint()})`, () => {
  it(
    'any mutated shard file: merge exits 0, 1 or 2, naming a file, and a refusal writes nothing',
    async () => {
      const seeds = [0, 1].map((i) => readFileSync(shardFile(i), 'utf8'));
      const file = join(tmp, 'fuzz-shard.json');
      await fc.assert(
        fc.asyncProperty(mutatedInput(seeds, SHARD_TOKENS), fc.nat({ max: 1 }), async ({ text }, other) => {
          writeFileSync(file, text, 'utf8');
          const partner = shardFile(other);
          const o = await runGuarded(
            (io) => runMerge({ files: [file, partner], json: false, out: join(outDir, 'm.yaml') }, io),
            text,
          );
          assertOutcome(o, [0, 1, 2], [file, partner], text);
          const left = emptyOutDir();
          if (o.status === 2 && left.length > 0) throw new Error(`refused merge left ${left.join(', ')}`);
        }),
        { seed: FUZZ_SEED, endOnFailure: true, numRuns: budget(10_000) },
      );
    },
    FUZZ_TIMEOUT,
  );
});

/** Words a command line is made of: commands, options, values good and bad. */
const COMMANDS = ['replay', 'run', 'explain', 'render', 'report', 'compare', 'merge', 'check', 'bogus', ''];
const OPTIONS = [
  '--strace',
  '--strace=maybe',
  '--root',
  '--fs',
  '--kernel',
  '--json',
  '--invariants',
  '--fds',
  '--root-mode',
  '--lenient',
  '--mode',
  '--depth',
  '--runs',
  '--seed',
  '--mutation',
  '--out',
  '-o',
  '--workers',
  '--shard',
  '--out-shard',
  '--path',
  '--step',
  '--format',
  '--bogus',
  '--',
  '-',
];
const VALUES = [
  join(REPO, 'scenarios/alias.yaml'),
  join(REPO, 'traces/examples/unlinked-open.jsonl'),
  join(REPO, 'test/corpus/strace/links.log'),
  join(tmp, 'missing.yaml'),
  tmp,
  outDir,
  join(outDir, 'x.out'),
  join(tmp, 'nodir', 'x'),
  'abc',
  '-1',
  '0',
  '1',
  '2',
  '1.5',
  '1e9',
  '',
  'toString',
  '__proto__',
  'maybe',
  'ext4',
  'btrfs',
  'tmpfs',
  'relink',
  'mainline',
  'every',
  'end',
  '0,1,2',
  '0,1,x',
  '1777',
  '9999',
  'svg',
  'dot',
  'mermaid',
  '0/2',
  '2/2',
  'x'.repeat(5000),
];
const argvArb = fc
  .tuple(fc.constantFrom(...COMMANDS), fc.array(fc.constantFrom(...OPTIONS, ...VALUES), { maxLength: 6 }))
  .map(([cmd, rest]) => (cmd === '' ? rest : [cmd, ...rest]));

const OUTPUT_OPTIONS = new Set(['--out', '-o', '--out-shard']);

/** The working tree as git sees it (changed and new files), and its top-level names. */
function workingTree(): string {
  const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], {
    cwd: REPO,
    encoding: 'utf8',
  });
  return `${status}\n${readdirSync(REPO).sort().join('\n')}`;
}

/**
 * Searches that could run for minutes with valid arguments are bounded (this fuzzes refusals),
 * and every file a command may write goes to the watched folder, never anywhere else: an output
 * option's value, relative or absolute (a seed file's path is in the pool), is placed there.
 */
function bounded(argv: readonly string[]): string[] {
  const out = argv.map((a, i) => (OUTPUT_OPTIONS.has(argv[i - 1] ?? '') ? join(outDir, basename(a) || 'empty') : a));
  if (out[0] !== 'check') return out;
  return [...out, '--depth', '1', '--runs', '1', '--out', join(outDir, 'cx.yaml')].filter((a) => a !== '--mutation');
}

describe(`command line fuzzing (seed ${FUZZ_SEED}; reproduce with ${replayHint()})`, () => {
  it(
    'any command line: a documented status; bad input one line; a refusal writes nothing',
    async () => {
      const treeBefore = workingTree();
      await fc.assert(
        fc.asyncProperty(argvArb, async (raw) => {
          const argv = bounded(raw);
          const io = capture();
          const status = await main(argv, io);
          const shown = JSON.stringify(argv).slice(0, 400);
          if (![0, 1, 2, 3].includes(status)) throw new Error(`exit ${status} for ${shown}: ${io.errs.join(' | ')}`);
          const left = emptyOutDir();
          if (status !== 2) return;
          if (io.errs.length !== 1 || (io.errs[0] ?? '').includes('\n'))
            throw new Error(`bad input printed ${JSON.stringify(io.errs).slice(0, 400)} for ${shown}`);
          if (left.length > 0) throw new Error(`refused ${shown} left ${left.join(', ')}`);
        }),
        { seed: FUZZ_SEED, endOnFailure: true, numRuns: budget(5_000) },
      );
      // Nothing was written into the working tree: outputs go to the watched folder.
      expect(workingTree()).toEqual(treeBefore);
    },
    FUZZ_TIMEOUT,
  );
});
