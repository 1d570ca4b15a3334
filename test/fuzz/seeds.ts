// The project's own files the input fuzzers start from, and the tokens each format chokes on.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const REPO = join(import.meta.dirname, '..', '..');

const filesIn = (dir: string, ext: string): string[] =>
  readdirSync(join(REPO, dir))
    .filter((f) => f.endsWith(ext))
    .sort()
    .map((f) => join(REPO, dir, f));
const read = (f: string): string => readFileSync(f, 'latin1');
/** The first lines of a log, so that one replay stays small. */
const head = (text: string, lines: number): string => text.split('\n').slice(0, lines).join('\n');

export const SCENARIO_SEEDS = [...filesIn('scenarios', '.yaml'), ...filesIn('scenarios/vfs', '.yaml')].map(read);
export const TRACE_SEEDS = filesIn('traces/examples', '.jsonl').map(read);

const LOGS = filesIn('test/corpus/strace', '.log');
export const STRACE_SEEDS = LOGS.map((f) => head(read(f), 60));
/** The directory each corpus log's program started in (scripts/record-corpus.sh). */
export const STRACE_ROOTS = LOGS.map((f) => `/tmp/rlroot/${f.replace(/^.*\//, '').replace(/\.log$/, '')}`);

export const YAML_TOKENS = [
  'call: ',
  'args: ',
  'pid: ',
  '{kill: [1]}',
  '{restart: {}}',
  'checkpoint: {pids: [2]}',
  'expect: ',
  '|',
  '>',
  '&a',
  '*a',
  '- ',
  ': ',
  'fs: btrfs',
  'kernel: mainline',
  'strategy: copy',
  'ghost_limit: -1',
  'count: 1000000000',
  'length: 1000000000',
];
export const JSONL_TOKENS = [
  '"pid":',
  '"pid":99',
  '"call":"open"',
  '"call":"fork"',
  '"args":{}',
  '"expect":{"ret":0}',
  '"child":1',
  '"child":-5',
  'AT_FDCWD',
  'O_RDWR|O_CREAT',
  '"0644"',
  '{"relinklab":1,"kernel":"toString"}',
  '"count":1000000000',
  '"length":1000000000',
  '"fd":2147483648',
];
export const STRACE_TOKENS = [
  ' = -1 ENOENT (No such file or directory)',
  ' = 3',
  ' = 10000000',
  ' = 2147483648',
  ' = 4096',
  '<unfinished ...>',
  '<... openat resumed>',
  '+++ exited with 0 +++',
  '+++ killed by SIGKILL +++',
  '--- SIGCHLD {si_signo=SIGCHLD} ---',
  'AT_FDCWD',
  'O_RDONLY|O_CLOEXEC',
  '/proc/self/fd/3',
  '99999 ',
  'clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|SIGCHLD) = 4242',
  'execve("/x", ["x"], 0x7ffd /* 0 vars */) = 0',
  '{st_mode=S_IFREG|0644, st_size=0, ...}',
  'fcntl(4096, F_GETFL) = 2',
  'read(3, "", 1000000000) = 0',
  '"..."...',
];
export const SHARD_TOKENS = ['"states":', '"shard":', '"count":', '"index":', '-1', '1e999', '"depth":99', '[]', '{}'];
