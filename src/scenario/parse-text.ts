/**
 * Scenario files (scenarios/*.yaml): a named, narrated sequence of syscalls and checkpoint/restart
 * steps with expectations, which `relinklab run` checks. Every error names the file and line.
 * Parsed from text only, with nothing of Node's: the playground runs this in a browser
 * (src/teach/playground/); parse.ts reads the files.
 */
import { CHECKPOINT_STRATEGIES, type CheckpointStrategy } from '../model/image.js';
import { defaultBlocksize, FS_TYPES, isMountableFsType, type MountableFsType } from '../model/fstype.js';
import { KERNELS } from '../model/kernel.js';
import { parseSysctls, type Sysctls } from '../model/sysctl.js';
import { isErrno, type Errno } from '../model/errno.js';
import type { Syscall } from '../model/syscall/syscall.js';
import { expectedFrom, syscallFrom, type Expected } from '../trace/jsonl.js';
import { InputError } from '../model/errors.js';
import { parseYaml, yamlLine, type YamlValue } from './yaml.js';
import { splitIdLabels, type IdLabels } from './ids.js';
import { parseSplitStep, type SplitStep } from './split.js';
import { refuseUnknownStepKeys, refuseUnknownTopKeys } from './format.js';

type Obj = { [k: string]: YamlValue };

/** What a checkpoint/restart/cleanup step must come to: success, or this errno. */
export type Outcome = { readonly ok: true } | { readonly ok: false; readonly errno: Errno };

export type Step =
  | SplitStep
  | {
      readonly kind: 'call';
      readonly line: number;
      readonly pid: number;
      readonly sc: Syscall;
      readonly expect: Expected | null;
      /** The inodes, devices and mounts the expectation names (src/scenario/ids.ts). */
      readonly ids: IdLabels | null;
      readonly note: string | null;
    }
  | {
      readonly kind: 'checkpoint';
      readonly line: number;
      readonly pids: readonly number[];
      readonly strategy: CheckpointStrategy;
      readonly ghostLimit: number | null;
      readonly failAfter: number | null;
      readonly expect: Outcome;
      readonly note: string | null;
    }
  | { readonly kind: 'kill'; readonly line: number; readonly pids: readonly number[]; readonly note: string | null }
  | { readonly kind: 'backup'; readonly line: number; readonly note: string | null }
  | {
      readonly kind: 'restart';
      readonly line: number;
      readonly failAtCall: number | null;
      readonly expect: Outcome;
      readonly note: string | null;
    }
  | { readonly kind: 'cleanup'; readonly line: number; readonly removed: number | null; readonly note: string | null }
  | {
      readonly kind: 'assert';
      readonly line: number;
      readonly dir: string;
      readonly names: readonly string[] | null;
      readonly count: number | null;
      readonly note: string | null;
    };

export interface Scenario {
  readonly file: string;
  readonly name: string;
  readonly description: string;
  readonly kernel: string;
  readonly fs: MountableFsType;
  /**
   * The root file system's block size (top-level `blocksize:`, mkfs -b): one of its type's
   * (ext4 1024, 2048 or 4096; btrfs and tmpfs 4096), the type's default when absent. The model
   * boots with it and crosscheck makes the guest's image with it.
   */
  readonly blocksize: number;
  /**
   * The fs.protected_* sysctls the file sets (top-level `sysctl:`, sysctl(8)'s names: `{fs.protected_regular: 2}`)
   * and its line (0 when it sets none); the machine boots with them over Debian 12's boot values
   * (src/model/sysctl.ts: DEBIAN_BOOT_SYSCTLS).
   */
  readonly sysctl: Partial<Sysctls>;
  readonly sysctlLine: number;
  /** Top-level `focus:`, paths the pictures centre on (src/teach/focus.ts); absent when it names none. */
  readonly focus?: readonly string[];
  readonly steps: readonly Step[];
}

const isObj = (v: YamlValue | undefined): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function intList(v: YamlValue | undefined, what: string, file: string, line: number): number[] {
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'number' || !Number.isInteger(x))) {
    throw new InputError(file, line, `${what} must be a list of integers, e.g. [2]`);
  }
  return v as number[];
}

function outcome(v: YamlValue | undefined, file: string, line: number): Outcome {
  if (v === undefined || v === 'ok') return { ok: true };
  if (isObj(v) && typeof v['errno'] === 'string' && isErrno(v['errno'])) return { ok: false, errno: v['errno'] };
  throw new InputError(file, line, 'expect must be "ok" or {errno: EXXX}');
}

const jsonOf = (v: YamlValue | undefined): never => v as never;

function step(v: YamlValue, file: string, fallbackLine: number): Step {
  const line = yamlLine(v) ?? fallbackLine;
  if (!isObj(v))
    throw new InputError(
      file,
      line,
      'a step must be a mapping (call:, checkpoint:, kill:, backup:, restart:, cleanup:, assert:)',
    );
  refuseUnknownStepKeys(v, file, line);
  const note = typeof v['note'] === 'string' ? v['note'] : null;
  const split = parseSplitStep(v, file, line, note);
  if (split !== null) return split;
  if (typeof v['call'] === 'string') {
    const pid = v['pid'] ?? 1;
    if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0)
      throw new InputError(file, line, 'pid must be a positive integer');
    const sc = syscallFrom(v['call'], jsonOf(v['args']), file, line);
    const e = v['expect'];
    const { labels, rest } = isObj(e) ? splitIdLabels(e, file, line) : { labels: null, rest: e };
    const expect: Expected | null = expectedFrom(jsonOf(rest), file, line);
    return { kind: 'call', line, pid, sc, expect, ids: labels, note };
  }
  if ('checkpoint' in v) {
    const c = v['checkpoint'];
    if (!isObj(c)) throw new InputError(file, line, 'checkpoint needs {pids: [...], strategy: ...}');
    const strategy = (c['strategy'] ?? 'relink') as CheckpointStrategy;
    if (!CHECKPOINT_STRATEGIES.includes(strategy))
      throw new InputError(file, line, `unknown strategy ${String(strategy)} (${CHECKPOINT_STRATEGIES.join(', ')})`);
    const ghost = c['ghost_limit'];
    const failAfter = c['fail_after_names'];
    return {
      kind: 'checkpoint',
      line,
      pids: intList(c['pids'], 'checkpoint.pids', file, line),
      strategy,
      ghostLimit: typeof ghost === 'number' ? ghost : null,
      failAfter: typeof failAfter === 'number' ? failAfter : null,
      expect: outcome(v['expect'], file, line),
      note,
    };
  }
  if ('kill' in v) return { kind: 'kill', line, pids: intList(v['kill'], 'kill', file, line), note };
  if ('backup' in v) return { kind: 'backup', line, note };
  if ('restart' in v) {
    const r = v['restart'];
    const failAt = isObj(r) ? r['fail_at_call'] : undefined;
    return {
      kind: 'restart',
      line,
      failAtCall: typeof failAt === 'number' ? failAt : null,
      expect: outcome(v['expect'], file, line),
      note,
    };
  }
  if ('cleanup' in v) {
    const removed = isObj(v['cleanup']) ? v['cleanup']['removed'] : undefined;
    return { kind: 'cleanup', line, removed: typeof removed === 'number' ? removed : null, note };
  }
  if ('assert' in v) {
    const a = v['assert'];
    if (!isObj(a) || typeof a['dir'] !== 'string')
      throw new InputError(file, line, 'assert needs {dir: PATH, names: [...]} or {dir: PATH, count: N}');
    const names = a['names'];
    const count = a['count'];
    if (names !== undefined && (!Array.isArray(names) || names.some((n) => typeof n !== 'string'))) {
      throw new InputError(file, line, 'assert.names must be a list of names');
    }
    return {
      kind: 'assert',
      line,
      dir: a['dir'],
      names: names === undefined ? null : (names as string[]),
      count: typeof count === 'number' ? count : null,
      note,
    };
  }
  throw new InputError(file, line, 'unknown step (call:, checkpoint:, kill:, backup:, restart:, cleanup:, assert:)');
}

/** The top-level `sysctl:` mapping, checked as a write to /proc/sys would be. */
function scenarioSysctls(
  v: YamlValue | undefined,
  text: string,
  file: string,
): { sysctl: Partial<Sysctls>; sysctlLine: number } {
  if (v === undefined) return { sysctl: {}, sysctlLine: 0 };
  const line = text.split('\n').findIndex((l) => /^sysctl\s*:/.test(l)) + 1 || 1;
  if (!isObj(v)) throw new InputError(file, line, 'sysctl: must be a mapping, e.g. {fs.protected_regular: 2}');
  const parsed = parseSysctls(Object.entries(v));
  if (typeof parsed === 'string') throw new InputError(file, line, `sysctl: ${parsed}`);
  return { sysctl: parsed, sysctlLine: line };
}

export function parseScenario(text: string, file: string): Scenario {
  const doc = parseYaml(text, file);
  if (!isObj(doc))
    throw new InputError(
      file,
      1,
      'a scenario is a mapping with name:, steps: and optionally kernel:, fs:, blocksize:, sysctl:, description:',
    );
  refuseUnknownTopKeys(doc, text, file);
  const name = doc['name'];
  if (typeof name !== 'string') throw new InputError(file, 1, 'name: is required');
  const kernel = doc['kernel'] ?? 'relink';
  if (typeof kernel !== 'string' || KERNELS[kernel] === undefined)
    throw new InputError(file, 1, `unknown kernel ${JSON.stringify(kernel)}`);
  const fs = doc['fs'] ?? 'ext4';
  if (typeof fs !== 'string' || !isMountableFsType(fs))
    throw new InputError(file, 1, `unknown file system ${JSON.stringify(fs)}`);
  const blocksize = doc['blocksize'] ?? defaultBlocksize(fs);
  if (typeof blocksize !== 'number' || !FS_TYPES[fs].blocksizes.includes(blocksize))
    throw new InputError(
      file,
      text.split('\n').findIndex((l) => /^blocksize\s*:/.test(l)) + 1 || 1,
      `blocksize: ${fs} has ${FS_TYPES[fs].blocksizes.join(', ')}-byte blocks, not ${JSON.stringify(blocksize)}`,
    );
  const { sysctl, sysctlLine } = scenarioSysctls(doc['sysctl'], text, file);
  const steps = doc['steps'];
  if (!Array.isArray(steps) || steps.length === 0)
    throw new InputError(file, yamlLine(steps) ?? 1, 'steps: must be a non-empty list');
  const description = typeof doc['description'] === 'string' ? doc['description'] : '';
  const focus = doc['focus'];
  if (focus !== undefined && (!Array.isArray(focus) || focus.some((p) => typeof p !== 'string' || !p.startsWith('/'))))
    throw new InputError(file, yamlLine(focus) ?? 1, 'focus: must be a list of absolute paths, e.g. [/log, /ckpt]');
  return {
    file,
    name,
    description,
    kernel,
    fs,
    blocksize,
    sysctl,
    sysctlLine,
    ...(focus === undefined ? {} : { focus: focus as string[] }),
    steps: steps.map((s) => step(s, file, yamlLine(steps) ?? 1)),
  };
}
