/**
 * Calls as strace prints them: `open("/a", O_RDWR|O_CREAT, 0644)`,
 * `linkat(3, "", AT_FDCWD, "/b", AT_EMPTY_PATH)`, derived from the descriptor table. Arguments
 * strace fills on exit (read's buffer, stat's struct) are shown as `...`.
 */
import { AT_FDCWD, F_DUPFD, F_DUPFD_CLOEXEC, F_SETFD, F_SETFL, O_ACCMODE, O_CREAT, __O_TMPFILE } from '../flags.js';
import {
  S_IFBLK,
  S_IFCHR,
  S_IFDIR,
  S_IFIFO,
  S_IFLNK,
  S_IFMT,
  S_IFREG,
  S_IFSOCK,
  S_ISGID,
  S_ISUID,
  S_ISVTX,
} from '../modes.js';
import { FLAG_SETS, SIGCHLD, type Symbols } from './flag-sets.js';
import type { ArgSpec, FlagSetName } from './spec.js';
import type { Syscall } from './syscall.js';
import { gidsOf } from './gid-list.js';
import { timespecsText } from './timespecs.js';
import { SYSCALLS } from './table.js';

/** strace's default -s: the bytes of a buffer it shows before "...". */
const SHOWN_BYTES = 32;

const ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\t': '\\t',
  '\n': '\\n',
  '\v': '\\v',
  '\f': '\\f',
  '\r': '\\r',
};

/** A latin1 byte string quoted as strace quotes it (octal escapes, 3 digits before a digit). */
export function quote(bytes: string, limit = Infinity): string {
  let out = '';
  const shown = bytes.length > limit ? bytes.slice(0, limit) : bytes;
  for (let i = 0; i < shown.length; i++) {
    const c = shown[i] ?? '';
    const code = c.charCodeAt(0);
    const esc = ESCAPES[c];
    if (esc !== undefined) out += esc;
    else if (code >= 0x20 && code < 0x7f) out += c;
    else {
      const next = shown.charCodeAt(i + 1);
      const digitFollows = next >= 0x30 && next <= 0x37;
      out += `\\${digitFollows ? code.toString(8).padStart(3, '0') : code.toString(8)}`;
    }
  }
  return `"${out}"${bytes.length > limit ? '...' : ''}`;
}

/**
 * Bits of a set, composites first; what no symbol names in hex after them (`R_OK|0x8`), or, when
 * none did, in hex with strace's comment (`0x8` and ?_OK): strace's printflags_ex. 0 as the set says.
 */
function bitsText(v: number, symbols: Symbols, comment: string, zero = '0'): string {
  if (v === 0) return zero;
  let rest = v;
  const parts: string[] = [];
  for (const [bit, name] of symbols) {
    if (bit === 0 || (rest & bit) !== bit) continue;
    parts.push(name);
    rest &= ~bit;
  }
  if (rest !== 0) parts.push(parts.length === 0 ? unknownText(rest, comment) : hex(rest));
  return parts.join('|');
}

/** printf's %#x, as strace prints a value no symbol names: 0 has no 0x. */
const hex = (v: number): string => (v === 0 ? '0' : `0x${(v >>> 0).toString(16)}`);
const unknownText = (v: number, comment: string): string => `${hex(v)} /* ${comment} */`;

/** A value of a named set. */
export function flagsText(v: number, set: FlagSetName): string {
  const s = FLAG_SETS[set];
  const comment = s.unknown ?? `${s.prefix}???`;
  if (s.style === 'enum') return s.symbols.find(([n]) => n === v)?.[1] ?? unknownText(v, comment);
  return bitsText(v, s.symbols, comment, s.zero);
}

/** open's flags: the access mode by name, then the other bits. */
export function openFlagsText(v: number): string {
  const access = ['O_RDONLY', 'O_WRONLY', 'O_RDWR'][v & O_ACCMODE] ?? `${v & O_ACCMODE}`;
  const rest = v & ~O_ACCMODE;
  return rest === 0 ? access : `${access}|${flagsText(rest, 'open')}`;
}

const FILE_TYPES: ReadonlyMap<number, string> = new Map([
  [S_IFIFO, 'S_IFIFO'],
  [S_IFCHR, 'S_IFCHR'],
  [S_IFDIR, 'S_IFDIR'],
  [S_IFBLK, 'S_IFBLK'],
  [S_IFREG, 'S_IFREG'],
  [S_IFLNK, 'S_IFLNK'],
  [S_IFSOCK, 'S_IFSOCK'],
]);

/** A mode as strace prints it: `S_IFIFO|0600`, `0644`, `022` (printf's %#03o). */
export function modeText(v: number): string {
  const type = v & S_IFMT;
  const oct = (v & ~S_IFMT).toString(8);
  const perm = (oct === '0' ? '0' : `0${oct}`).padStart(3, '0');
  if (type === 0) return perm;
  const name = FILE_TYPES.get(type);
  return name === undefined ? `0${v.toString(8)}` : `${name}|${perm}`;
}

function argText(a: ArgSpec, v: string | number | undefined): string {
  switch (a.kind) {
    case 'path':
    case 'program':
    case 'str':
    case 'target':
      return quote(String(v));
    case 'data':
      return quote(String(v), SHOWN_BYTES);
    case 'dirfd':
      return v === AT_FDCWD ? 'AT_FDCWD' : String(v);
    case 'mode':
      return modeText(Number(v));
    case 'flags':
      return a.set === 'open' ? openFlagsText(Number(v)) : flagsText(Number(v), a.set ?? 'at');
    case 'optpath':
      return v === undefined ? 'NULL' : quote(String(v));
    case 'timespecs':
      return timespecsText(String(v));
    case 'offptr':
      if (v === undefined) return 'NULL';
      return `[${a.unsigned === true ? BigInt.asUintN(64, BigInt(v)).toString() : String(v)}]`;
    case 'gids': {
      // No bytes is NULL (strace prints [] for an empty list at an address, which reads the same);
      // strace's print_gid shows (gid_t)-1 as -1, any other gid unsigned.
      const list = gidsOf(String(v)).map((g) => (g === 0xffffffff ? -1 : g));
      return list.length === 0 ? 'NULL' : `[${list.join(', ')}]`;
    }
    case 'outptr':
      return v === 0 ? 'NULL' : '...';
    default:
      return String(v);
  }
}

/** Arguments strace leaves out: open's mode without O_CREAT, mknod's dev for a non-device, fcntl's arg for F_GET*. */
function shown(sc: Syscall, a: ArgSpec): boolean {
  if ((sc.call === 'open' || sc.call === 'openat') && a.name === 'mode')
    return (sc.flags & (O_CREAT | __O_TMPFILE)) !== 0;
  if ((sc.call === 'mknod' || sc.call === 'mknodat') && a.name === 'dev') {
    const t = sc.mode & S_IFMT;
    return t === S_IFCHR || t === S_IFBLK;
  }
  if (sc.call === 'fcntl' && a.name === 'arg') return [F_DUPFD, F_DUPFD_CLOEXEC, F_SETFD, F_SETFL].includes(sc.cmd);
  return a.kind !== 'child';
}

const SPECIAL_BITS: readonly (readonly [number, string])[] = [
  [S_ISUID, 'S_ISUID'],
  [S_ISGID, 'S_ISGID'],
  [S_ISVTX, 'S_ISVTX'],
];

/**
 * mknod's mode as strace's print_symbolic_mode_t prints it: the type and the set-id and sticky bits
 * by name, `S_IFIFO|S_ISGID|0755` (other calls print a mode in octal).
 */
function symbolicModeText(v: number): string {
  const type = v & S_IFMT;
  const name = type === 0 ? '' : FILE_TYPES.get(type);
  if (name === undefined) return modeText(v);
  const bits = [name, ...SPECIAL_BITS.filter(([bit]) => (v & bit) !== 0).map(([, n]) => n)].filter((s) => s !== '');
  const perm = v & 0o777;
  return [...bits, (perm === 0 ? '0' : `0${perm.toString(8)}`).padStart(3, '0')].join('|');
}

/** mknod's dev as strace prints it: `makedev(0x1, 0x3)` (new_decode_dev's major and minor). */
function devText(dev: number): string {
  const major = (dev >>> 8) & 0xfff;
  const minor = (dev & 0xff) | ((dev >>> 12) & 0xfff00);
  return `makedev(${hex(major)}, ${hex(minor)})`;
}

/** fcntl's third argument as its command reads it. */
function fcntlArgText(cmd: number, arg: number): string {
  if (cmd === F_SETFD) return flagsText(arg, 'fd_flags');
  if (cmd === F_SETFL) return openFlagsText(arg);
  return String(arg);
}

/** An argument strace prints its own way for this call (fcntl's arg, mknod's mode and dev), or null. */
function specialText(sc: Syscall, a: ArgSpec, v: number): string | null {
  if (sc.call === 'fcntl' && a.name === 'arg') return fcntlArgText(sc.cmd, v);
  if (sc.call === 'mknod' || sc.call === 'mknodat') {
    if (a.name === 'mode') return symbolicModeText(v);
    if (a.name === 'dev') return devText(v);
  }
  return null;
}

/** The call as strace prints it, without its result. */
export function renderCall(sc: Syscall): string {
  const rec = sc as Readonly<Record<string, string | number | undefined>>;
  if (sc.call === 'clone') {
    const sig = sc.flags & 0xff;
    const bits = flagsText(sc.flags & ~0xff, 'clone');
    const signal = sig === SIGCHLD ? 'SIGCHLD' : sig === 0 ? '' : String(sig);
    return `clone(flags=${[bits === '0' ? '' : bits, signal].filter((s) => s !== '').join('|') || '0'})`;
  }
  const d = SYSCALLS[sc.call];
  const args: readonly ArgSpec[] = d.args;
  const slots: (string | null)[] = Array.from({ length: d.arity }, () => '...');
  // An argument strace leaves out entirely (open's mode without O_CREAT) leaves no slot.
  for (const a of args) if (typeof a.at === 'number' && !shown(sc, a)) slots[a.at] = null;
  const members = new Map<number, string[]>();
  for (const a of args) {
    if (typeof a.at !== 'number' || !shown(sc, a)) continue;
    const v = rec[a.name];
    const text = specialText(sc, a, Number(v)) ?? argText(a, v);
    if (a.field !== undefined) {
      const fields = members.get(a.at) ?? [];
      fields.push(`${a.field}=${text}`);
      members.set(a.at, fields);
      slots[a.at] = `{${fields.join(', ')}}`;
      continue;
    }
    slots[a.at] = text;
    if (a.kind === 'data' && a.countAt !== undefined) slots[a.countAt] = String(String(v).length);
  }
  return `${sc.call}(${slots.filter((s) => s !== null).join(', ')})`;
}
