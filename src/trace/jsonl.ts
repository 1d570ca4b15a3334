/**
 * The native trace format (docs/trace-format.md): JSON lines, one syscall each, with an optional
 * header line and optional expected results. Integer arguments may be numbers or symbolic
 * expressions ("O_RDWR|O_CREAT", "AT_FDCWD", "0644"); byte strings are latin1 JSON strings.
 */
import type { Errno } from '../model/errno.js';
import { isErrno } from '../model/errno.js';
import { KERNELS } from '../model/kernel.js';
import { parseSysctls, type Sysctls } from '../model/sysctl.js';
import { isMountableFsType, type MountableFsType } from '../model/fstype.js';
import type { Syscall } from '../model/syscall/syscall.js';
import { isSyscallName, SYSCALL_NAMES } from '../model/syscall/table.js';
import { asSyscall, FIELD_LISTS, SYSCALL_FIELDS } from '../model/syscall/fields.js';
import { bytesEqual, bytesText, type SysResult } from './model-answers.js';
import { decodeSymbolic } from './args-values.js';
import { assertLineLengths } from './limits.js';
import { readPlainLine } from './jsonl-fast.js';
import { InputError } from '../model/errors.js';

export interface TraceHeader {
  readonly kernel: string;
  readonly fs: MountableFsType;
  /** The fs.protected_* sysctls it sets (`"sysctl": {"fs.protected_regular": 0}`), over Debian 12's boot values. */
  readonly sysctl: Partial<Sysctls>;
}

/** What a line says the call should return (any subset). */
export interface Expected {
  readonly ret?: number;
  readonly errno?: Errno;
  readonly blocked?: boolean;
  readonly data?: string;
  readonly link?: string;
  readonly st_nlink?: number;
  readonly st_size?: number;
  readonly st_mode?: number;
  readonly st_uid?: number;
  readonly st_gid?: number;
  /**
   * Numbers the model chooses itself (inode, device, mount): answers carry them, and comparisons
   * take them up to renaming (a scenario names them, src/scenario/ids.ts); a trace cannot state them.
   */
  readonly st_ino?: number;
  readonly st_dev?: number;
  readonly mnt_id?: number;
  readonly st_rdev?: number;
  readonly st_blocks?: number;
  /** The file system's block size (src/ops/vfs/stat-blocks.ts). */
  readonly st_blksize?: number;
  readonly names?: readonly string[];
  /** getresuid, getresgid: the real, effective and saved id. */
  readonly ids?: readonly number[];
  /** getgroups: the supplementary groups copied out (none asked for with a size of 0). */
  readonly groups?: readonly number[];
  /** capget: the effective and permitted sets (src/model/cred.ts's 41-bit sets, as numbers). */
  readonly caps?: { readonly effective: number; readonly permitted: number };
}

export interface TraceLine {
  readonly line: number;
  readonly pid: number;
  readonly sc: Syscall;
  readonly expect: Expected | null;
}

export interface Trace {
  /** Where it was read from, for errors that name a line. */
  readonly file: string;
  readonly header: TraceHeader;
  readonly lines: readonly TraceLine[];
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const isObj = (v: Json | undefined): v is { [k: string]: Json } =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * An integer field (`scope`.`name`): a number, or a symbolic expression. The field's name is
 * spelled out only for an error: the reader runs once per field of every line.
 */
function intField(v: Json | undefined, scope: string, name: string, file: string, line: number): number {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string') {
    const n = decodeSymbolic(v);
    if (n !== null) return n;
    throw new InputError(file, line, `${scope}.${name}: cannot read "${v}" as a number or flags`);
  }
  throw new InputError(file, line, `${scope}.${name}: expected an integer or a symbolic value`);
}

/** A UTF-16 code unit beyond latin1 (a surrogate half too, so any character beyond \u00ff). */
const BEYOND_LATIN1 = /[\u0100-\uffff]/;

/** A Syscall record from a call name and an argument object, checked field by field. */
export function syscallFrom(call: string, args: Json | undefined, file: string, line: number): Syscall {
  if (!isSyscallName(call)) {
    throw new InputError(file, line, `unknown call "${call}" (known: ${SYSCALL_NAMES.join(', ')})`);
  }
  const a = args ?? {};
  if (!isObj(a)) throw new InputError(file, line, `"args" must be an object`);
  const fields = SYSCALL_FIELDS[call];
  const out: Record<string, string | number> = { call };
  // for-in, not Object.keys: no array per line. A parsed JSON object inherits no enumerable key.
  // An own key only: "constructor" or "__proto__" is a name the call does not have either.
  for (const k in a) {
    if (!Object.hasOwn(fields, k)) throw new InputError(file, line, `${call} has no argument "${k}"`);
  }
  for (const [k, t] of FIELD_LISTS[call]) {
    const v = a[k];
    if (t === 'optint') {
      if (v !== undefined) out[k] = intField(v, call, k, file, line);
    } else if (t === 'int') {
      if (v === undefined) throw new InputError(file, line, `${call} needs "${k}"`);
      out[k] = intField(v, call, k, file, line);
    } else if (v !== undefined || t !== 'optbytes') {
      if (typeof v !== 'string') throw new InputError(file, line, `${call}.${k} must be a string`);
      if (BEYOND_LATIN1.test(v)) throw new InputError(file, line, `${call}.${k}: bytes are latin1 (\\u0000-\\u00ff)`);
      out[k] = v;
    }
  }
  return asSyscall(call, out);
}

export function expectedFrom(v: Json | undefined, file: string, line: number): Expected | null {
  if (v === undefined) return null;
  if (!isObj(v)) throw new InputError(file, line, `"expect" must be an object`);
  const e: { -readonly [K in keyof Expected]: Expected[K] } = {};
  for (const [k, x] of Object.entries(v)) {
    switch (k) {
      case 'ret':
      case 'st_nlink':
      case 'st_size':
      case 'st_mode':
      case 'st_uid':
      case 'st_gid':
      case 'st_rdev':
      case 'st_blocks':
      case 'st_blksize':
        e[k] = intField(x, 'expect', k, file, line);
        break;
      case 'st_ino':
      case 'st_dev':
      case 'mnt_id':
        throw new InputError(
          file,
          line,
          `expect.${k}: the model numbers its own; only a scenario can state it, by a name (${k}: a)`,
        );
      case 'errno':
        if (typeof x !== 'string' || !isErrno(x))
          throw new InputError(file, line, `expect.errno: unknown errno ${JSON.stringify(x)}`);
        e.errno = x;
        break;
      case 'blocked':
        if (typeof x !== 'boolean') throw new InputError(file, line, 'expect.blocked must be true or false');
        e.blocked = x;
        break;
      case 'data':
      case 'link':
        if (typeof x !== 'string') throw new InputError(file, line, `expect.${k} must be a string`);
        e[k] = x;
        break;
      case 'names':
        if (!Array.isArray(x) || x.some((n) => typeof n !== 'string'))
          throw new InputError(file, line, 'expect.names must be a list of strings');
        e.names = x as string[];
        break;
      case 'ids':
        if (!Array.isArray(x) || x.length !== 3) throw new InputError(file, line, 'expect.ids must be three ids');
        e.ids = x.map((n) => intField(n, 'expect', k, file, line));
        break;
      case 'groups':
        if (!Array.isArray(x)) throw new InputError(file, line, 'expect.groups must be a list of gids');
        e.groups = x.map((n) => intField(n, 'expect', k, file, line));
        break;
      case 'caps': {
        if (!isObj(x) || Object.keys(x).some((n) => n !== 'effective' && n !== 'permitted'))
          throw new InputError(file, line, 'expect.caps must be {effective, permitted}');
        // In this order whatever the line's, so that the answer's JSON compares equal.
        e.caps = {
          effective: intField(x['effective'], 'expect.caps', 'effective', file, line),
          permitted: intField(x['permitted'], 'expect.caps', 'permitted', file, line),
        };
        break;
      }
      default:
        throw new InputError(file, line, `expect has no field "${k}"`);
    }
  }
  return e;
}

/** Read a native trace. */
export function parseJsonl(text: string, file: string): Trace {
  return readTrace(text, file, readPlainLine);
}

/**
 * A reader of the lines it is sure of, from the text between `start` and `end` (jsonl-fast.ts);
 * null for a line it leaves to the general reader.
 */
export type QuickReader = (text: string, start: number, end: number, no: number) => TraceLine | null;

/**
 * parseJsonl, each line offered to `quick` first; with null every line is read the general way
 * (what the tests hold the quick reader to).
 */
export function readTrace(text: string, file: string, quick: QuickReader | null): Trace {
  let header: TraceHeader = { kernel: 'mainline', fs: 'ext4', sysctl: {} };
  const lines: TraceLine[] = [];
  assertLineLengths(text, file);
  // Line by line, not split up front: each line's text is garbage once read, not held to the end.
  for (let start = 0, no = 1; start >= 0; no++) {
    const end = text.indexOf('\n', start);
    const stop = end < 0 ? text.length : end;
    const quickly = quick === null ? null : quick(text, start, stop, no);
    if (quickly !== null) {
      lines.push(quickly);
      start = end < 0 ? -1 : end + 1;
      continue;
    }
    const s = text.slice(start, stop).trim();
    start = end < 0 ? -1 : end + 1;
    if (s === '' || s.startsWith('#')) continue;
    let v: Json;
    try {
      v = JSON.parse(s) as Json;
    } catch (e) {
      throw new InputError(file, no, `not JSON: ${(e as Error).message}`);
    }
    if (!isObj(v)) throw new InputError(file, no, 'each line must be a JSON object');
    if ('relinklab' in v) {
      if (lines.length > 0) throw new InputError(file, no, 'the header must be the first line');
      const kernel = v['kernel'] ?? 'mainline';
      const fs = v['fs'] ?? 'ext4';
      if (typeof kernel !== 'string' || KERNELS[kernel] === undefined)
        throw new InputError(file, no, `unknown kernel ${JSON.stringify(kernel)}`);
      if (typeof fs !== 'string' || !isMountableFsType(fs))
        throw new InputError(file, no, `unknown file system ${JSON.stringify(fs)}`);
      const set = v['sysctl'] ?? {};
      const sysctl = isObj(set)
        ? parseSysctls(Object.entries(set))
        : 'must be an object, e.g. {"fs.protected_regular": 0}';
      if (typeof sysctl === 'string') throw new InputError(file, no, `"sysctl": ${sysctl}`);
      header = { kernel, fs, sysctl };
      continue;
    }
    for (const k in v) {
      if (!['pid', 'call', 'args', 'expect'].includes(k)) throw new InputError(file, no, `unknown field "${k}"`);
    }
    const pid = v['pid'] ?? 1;
    if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0)
      throw new InputError(file, no, '"pid" must be a positive integer');
    const call = v['call'];
    if (typeof call !== 'string') throw new InputError(file, no, '"call" must be a string');
    lines.push({
      line: no,
      pid,
      sc: syscallFrom(call, v['args'], file, no),
      expect: expectedFrom(v['expect'], file, no),
    });
  }
  return { file, header, lines };
}

/**
 * The longest read whose bytes a result spells out as `data`; a longer one gives its length in
 * `ret` only (its bytes are still compared with an expected `data`, see diffExpected).
 */
const MAX_DATA_SHOWN = 1 << 20;

/** One result as a native trace line's "expect" object (what the QEMU executor prints too). */
export function resultToExpected(r: SysResult): Expected {
  if (r.ok === 'blocked') return { blocked: true };
  if (r.ok === false) return { errno: r.errno };
  return {
    ret: r.ret,
    ...(r.data !== undefined && r.data.length <= MAX_DATA_SHOWN ? { data: bytesText(r.data) } : {}),
    ...(r.link !== undefined ? { link: r.link } : {}),
    ...(r.stat !== undefined
      ? {
          st_mode: r.stat.st_mode,
          st_nlink: r.stat.st_nlink,
          st_uid: r.stat.st_uid,
          st_gid: r.stat.st_gid,
          st_size: r.stat.st_size,
          st_ino: r.stat.st_ino,
          st_dev: r.stat.st_dev,
          st_rdev: r.stat.st_rdev,
          st_blocks: r.stat.st_blocks,
          st_blksize: r.stat.st_blksize,
          ...(r.stat.mnt_id !== undefined ? { mnt_id: r.stat.mnt_id } : {}),
        }
      : {}),
    ...(r.dents !== undefined ? { names: r.dents.map((d) => d.d_name) } : {}),
    ...(r.ids !== undefined ? { ids: [...r.ids] } : {}),
    ...(r.groups !== undefined ? { groups: [...r.groups] } : {}),
    ...(r.caps !== undefined ? { caps: { effective: r.caps.effective, permitted: r.caps.permitted } } : {}),
  };
}

/** Where a result differs from what a line expected (empty when it matches). */
export function diffExpected(e: Expected, r: SysResult): string[] {
  const got = resultToExpected(r);
  const out: string[] = [];
  for (const [k, want] of Object.entries(e) as [keyof Expected, unknown][]) {
    if (k === 'data' && r.ok === true && r.data !== undefined && typeof want === 'string') {
      if (!bytesEqual(r.data, want))
        out.push(`data: expected ${JSON.stringify(want)}, model ${JSON.stringify(bytesText(r.data, want.length + 1))}`);
      continue;
    }
    const have = got[k];
    if (JSON.stringify(have) !== JSON.stringify(want))
      out.push(
        `${k}: expected ${JSON.stringify(want)}, model ${have === undefined ? outcomeText(got, k) : JSON.stringify(have)}`,
      );
  }
  return out;
}

/** What the model did, for a field its result does not have: its errno, its return value, or a sleep. */
function outcomeText(got: Expected, field: keyof Expected): string {
  if (got.errno !== undefined) return got.errno;
  if (got.blocked === true) return 'blocked';
  return field === 'errno' ? `returned ${got.ret}` : `returned ${got.ret} without ${field}`;
}
