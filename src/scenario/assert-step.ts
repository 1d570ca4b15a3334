/**
 * A scenario's `assert: {dir, names | count}` step: the names in a directory of pid 1's view,
 * compared with what the step expects. A failing assert says what it expected and what it found.
 */
import type { World } from '../model/world.js';
import { listDir } from '../ops/calls/readdir.js';
import { filenameLookup, LOOKUP_FOLLOW } from '../ops/vfs/namei.js';
import type { Step } from './parse.js';

type AssertStep = Extract<Step, { kind: 'assert' }>;

/** Names in directory `dir` of pid 1's view (without "." and ".."), or why it cannot be listed. */
function namesIn(w: World, dir: string): string[] | string {
  const t = w.tasks[1];
  if (t === undefined) return 'no pid 1';
  const r = filenameLookup(w, t, -100, dir, LOOKUP_FOLLOW);
  if (!r.ok) return r.errno;
  if (r.value.kind !== 'path') return 'not a directory';
  return listDir(w, r.value.path.dentry)
    .map((d) => d.d_name)
    .filter((n) => n !== '.' && n !== '..')
    .sort();
}

const listText = (names: readonly string[]): string => `[${names.join(', ')}]`;

/** What the step expects, in words: "names [a, b]", "2 names", or both. */
function expectedText(s: AssertStep): string {
  const parts = [
    ...(s.names !== null ? [`names ${listText([...s.names].sort())}`] : []),
    ...(s.count !== null ? [`${s.count} name${s.count === 1 ? '' : 's'}`] : []),
  ];
  return parts.length === 0 ? 'a directory to list' : parts.join(' and ');
}

/** Whether the assert holds, and the step's detail: the names found, with what was expected when it fails. */
export function checkAssert(w: World, s: AssertStep): { ok: boolean; detail: string } {
  const names = namesIn(w, s.dir);
  const found =
    typeof names === 'string' ? `${s.dir} cannot be listed (${names})` : `${names.length} in ${listText(names)}`;
  const ok =
    typeof names !== 'string' &&
    (s.names === null || JSON.stringify([...s.names].sort()) === JSON.stringify(names)) &&
    (s.count === null || names.length === s.count);
  if (ok) return { ok, detail: listText(names) };
  return { ok, detail: `expected ${expectedText(s)}, found ${found}` };
}
