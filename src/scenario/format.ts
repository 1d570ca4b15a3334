/**
 * The keys a scenario file may use, as tables: the parser (parse.ts) refuses any other key with its
 * file and line, and docs/scenario-format.md is checked against these tables and the syscall
 * descriptor table (test/scenario/format-doc.test.ts), so the reference cannot drift from the reader.
 */
import { InputError } from '../model/errors.js';
import type { Expected } from '../trace/jsonl.js';
import type { YamlValue } from './yaml.js';

/** The top-level keys of a scenario. */
export const TOP_KEYS = ['name', 'description', 'kernel', 'fs', 'blocksize', 'sysctl', 'focus', 'steps'] as const;

/**
 * Each step kind: the key that names it, the other keys the step may have, and the keys of the
 * mapping its own key holds (null when that value is not a mapping: a call's name, kill's pids).
 */
export const STEP_KINDS = {
  call: { keys: ['pid', 'args', 'expect', 'note'], fields: null },
  begin: { keys: ['pid', 'args', 'step', 'note'], fields: null },
  resume: { keys: ['pid', 'note'], fields: null },
  checkpoint: { keys: ['expect', 'note'], fields: ['pids', 'strategy', 'ghost_limit', 'fail_after_names'] },
  kill: { keys: ['note'], fields: null },
  backup: { keys: ['note'], fields: [] },
  restart: { keys: ['expect', 'note'], fields: ['fail_at_call'] },
  cleanup: { keys: ['note'], fields: ['removed'] },
  assert: { keys: ['note'], fields: ['dir', 'names', 'count'] },
} as const satisfies Readonly<Record<string, { keys: readonly string[]; fields: readonly string[] | null }>>;

export type StepKindKey = keyof typeof STEP_KINDS;

/**
 * The fields a call's `expect:` may give (src/trace/jsonl.ts: expectedFrom reads them); a scenario
 * gives st_ino, st_dev and mnt_id as names (src/scenario/ids.ts), not numbers.
 */
export const EXPECT_FIELDS = [
  'ret',
  'errno',
  'blocked',
  'data',
  'link',
  'st_nlink',
  'st_size',
  'st_mode',
  'st_uid',
  'st_gid',
  'st_ino',
  'st_dev',
  'mnt_id',
  'st_rdev',
  'st_blocks',
  'st_blksize',
  'names',
  'ids',
  'groups',
  'caps',
] as const satisfies readonly (keyof Expected)[];

/** A compile error when Expected gains a field EXPECT_FIELDS does not list. */
type Unlisted = Exclude<keyof Expected, (typeof EXPECT_FIELDS)[number]>;
export const EXPECT_FIELDS_COMPLETE: [Unlisted] extends [never] ? true : never = true;

const list = (keys: readonly string[]): string => keys.map((k) => `${k}:`).join(', ');

/** Refuse a key of `v` outside `allowed`: a misspelt key would otherwise be read as absent. */
export function refuseUnknownKeys(
  v: { readonly [k: string]: YamlValue },
  allowed: readonly string[],
  where: string,
  file: string,
  line: number,
): void {
  for (const k of Object.keys(v))
    if (!allowed.includes(k)) throw new InputError(file, line, `${where} has no key "${k}" (${list(allowed)})`);
}

/** The step kinds' keys, for messages: "call:, begin:, resume:, ...". */
export const STEP_KIND_LIST = list(Object.keys(STEP_KINDS));

/** Refuse a step's keys outside its kind's, and the keys of its kind's mapping outside its fields. */
export function refuseUnknownStepKeys(v: { readonly [k: string]: YamlValue }, file: string, line: number): void {
  const kind = (Object.keys(STEP_KINDS) as StepKindKey[]).find((k) => k in v);
  if (kind === undefined) return; // the parser names the step kinds in its own error
  const spec: { readonly keys: readonly string[]; readonly fields: readonly string[] | null } = STEP_KINDS[kind];
  refuseUnknownKeys(v, [kind, ...spec.keys], `a ${kind}: step`, file, line);
  const own = v[kind];
  if (spec.fields !== null && typeof own === 'object' && own !== null && !Array.isArray(own))
    refuseUnknownKeys(own, spec.fields, `${kind}:`, file, line);
}

/** Refuse a top-level key outside TOP_KEYS, naming the line it is on. */
export function refuseUnknownTopKeys(doc: { readonly [k: string]: YamlValue }, text: string, file: string): void {
  for (const k of Object.keys(doc)) {
    if ((TOP_KEYS as readonly string[]).includes(k)) continue;
    const line = text.split('\n').findIndex((l) => l.startsWith(`${k}:`)) + 1 || 1;
    throw new InputError(file, line, `a scenario has no key "${k}" (${list(TOP_KEYS)})`);
  }
}
