/**
 * The CRIU guest's bench lines (kernel-patches/criu/bench.sh prints them, scripts/criu-guest.sh
 * passes them on) as records: every run, every check of a restored task, what CRIU's default
 * --ghost-limit did, and whether `criu check` passed first. Nothing is judged here
 * (bench/criu-bench.ts does); a line that does not read as its kind says is a GuestError.
 */
import { GuestError } from '../src/model/errors.js';
import { dumpStats, restoreStats, type DumpStats, type RestoreStats } from './criu-stats.js';

export const CRIU_WAYS = ['dd', 'ghost', 'relink'] as const;
export type CriuWay = (typeof CRIU_WAYS)[number];
export type CriuPhase = 'copy' | 'dump' | 'restore';

/** What a dump left in its image directory. */
export interface CriuImage {
  readonly bytes: number;
  readonly ghostFiles: number;
  readonly ghostBytes: number;
}

/** One timed command: page cache dropped before it, the disk flushed (sync, timed apart) after. */
export interface CriuRun {
  readonly mib: number;
  readonly rep: number;
  readonly way: CriuWay;
  readonly phase: CriuPhase;
  readonly ok: boolean;
  readonly seconds: number;
  readonly syncSeconds: number;
  /** What /sys/block/vda/stat counted from before the command to after the sync. */
  readonly readBytes: number;
  readonly writtenBytes: number;
  readonly image: CriuImage | null;
  readonly dumpStats: DumpStats | null;
  readonly restoreStats: RestoreStats | null;
  /** After a relink restore: relinked names and link_remap files still there. */
  readonly left: { readonly names: number; readonly remaps: number } | null;
}

/** A restored task's own report (criu-holder): its inode, and whether its data and a write held. */
export interface CriuCheck {
  readonly mib: number;
  readonly rep: number;
  readonly way: 'ghost' | 'relink';
  readonly ino: number;
  readonly gen: number;
  readonly nlink: number;
  readonly dataOk: boolean;
  readonly writeOk: boolean;
}

export interface DefaultLimit {
  readonly mib: number;
  readonly dumped: boolean;
  /** CRIU's error line when it refused. */
  readonly why: string;
}

/** What the guest was given, as it saw it. */
export interface CriuGuest {
  readonly memKib: number;
  readonly cpus: number;
  readonly diskBytes: number;
}

export interface CriuConsole {
  readonly release: string;
  readonly guest: CriuGuest | null;
  readonly checkOk: boolean;
  readonly runs: readonly CriuRun[];
  readonly checks: readonly CriuCheck[];
  readonly defaultLimits: readonly DefaultLimit[];
  /** `RLX-CRIU bench fail` lines, as printed. */
  readonly failures: readonly string[];
  readonly done: boolean;
}

/** The key=value words of a line; `why=` takes the rest of the line. */
function fieldsOf(line: string): Map<string, string> {
  const m = new Map<string, string>();
  const why = line.indexOf(' why=');
  const head = why < 0 ? line : line.slice(0, why);
  for (const w of head.split(' ')) {
    const eq = w.indexOf('=');
    if (eq > 0) m.set(w.slice(0, eq), w.slice(eq + 1));
  }
  if (why >= 0) m.set('why', line.slice(why + ' why='.length));
  return m;
}

function reader(line: string): { num: (k: string) => number; str: (k: string) => string; has: (k: string) => boolean } {
  const f = fieldsOf(line);
  const str = (k: string): string => {
    const v = f.get(k);
    if (v === undefined) throw new GuestError(`CRIU bench: no ${k}= in: ${line}`);
    return v;
  };
  const num = (k: string): number => {
    const v = str(k);
    if (!/^-?\d+$/.test(v)) throw new GuestError(`CRIU bench: ${k}=${v} is not a number in: ${line}`);
    return Number(v);
  };
  return { num, str, has: (k) => f.has(k) };
}

function oneOf<T extends string>(v: string, all: readonly T[], line: string): T {
  const found = all.find((a) => a === v);
  if (found === undefined) throw new GuestError(`CRIU bench: ${v} is not one of ${all.join(', ')} in: ${line}`);
  return found;
}

function run(line: string): CriuRun {
  const { num, str, has } = reader(line);
  const phase = oneOf(str('phase'), ['copy', 'dump', 'restore'] as const, line);
  const stats = has('stats') ? str('stats') : 'none';
  return {
    mib: num('mib'),
    rep: num('rep'),
    way: oneOf(str('way'), CRIU_WAYS, line),
    phase,
    ok: str('ok') === 'yes',
    seconds: num('ns') / 1e9,
    syncSeconds: num('sync_ns') / 1e9,
    readBytes: num('read'),
    writtenBytes: num('written'),
    image: has('image') ? { bytes: num('image'), ghostFiles: num('ghosts'), ghostBytes: num('ghost_bytes') } : null,
    dumpStats: phase === 'dump' && stats !== 'none' ? dumpStats(stats) : null,
    restoreStats: phase === 'restore' && stats !== 'none' ? restoreStats(stats) : null,
    left: has('names_left') ? { names: num('names_left'), remaps: num('remaps_left') } : null,
  };
}

function check(line: string): CriuCheck {
  const { num, str } = reader(line);
  return {
    mib: num('mib'),
    rep: num('rep'),
    way: oneOf(str('way'), ['ghost', 'relink'] as const, line),
    ino: num('ino'),
    gen: num('gen'),
    nlink: num('nlink'),
    dataOk: str('data') === 'ok',
    writeOk: str('write') === 'ok',
  };
}

/** Every RLX-CRIU line of `text` (a console or criu-guest.sh's output), as records. */
export function parseCriuConsole(text: string): CriuConsole {
  const runs: CriuRun[] = [];
  const checks: CriuCheck[] = [];
  const defaultLimits: DefaultLimit[] = [];
  const failures: string[] = [];
  let release = '';
  let guest: CriuGuest | null = null;
  let checkOk = false;
  let done = false;
  for (const raw of text.split('\n')) {
    const at = raw.indexOf('RLX-CRIU');
    if (at < 0) continue;
    const line = raw.slice(at).trimEnd();
    if (line.startsWith('RLX-CRIU-BOOTED ')) release = line.slice('RLX-CRIU-BOOTED '.length);
    else if (line === 'RLX-CRIU check ok') checkOk = true;
    else if (line.startsWith('RLX-CRIU bench run ')) runs.push(run(line));
    else if (line.startsWith('RLX-CRIU bench check ')) checks.push(check(line));
    else if (line.startsWith('RLX-CRIU bench guest ')) {
      const { num } = reader(line);
      guest = { memKib: num('mem_kib'), cpus: num('cpus'), diskBytes: num('disk_bytes') };
    } else if (line.startsWith('RLX-CRIU bench default-limit ')) {
      const { num, str, has } = reader(line);
      defaultLimits.push({ mib: num('mib'), dumped: str('ok') === 'yes', why: has('why') ? str('why') : '' });
    } else if (line.startsWith('RLX-CRIU bench fail')) failures.push(line);
    else if (line === 'RLX-CRIU bench done') done = true;
  }
  return { release, guest, checkOk, runs, checks, defaultLimits, failures, done };
}
