/**
 * What the CRIU scenario guest printed (kernel-patches/criu/scenarios-init): whether `criu check`
 * passed, and per trace its file system's block size, what `criu dump` and `criu restore` came to,
 * the ghost files in the image, the executor's answers, the log of a criu that failed and what
 * criu-relink (relink-action.sh) said.
 *
 * The console is a serial line the init shares with the kernel's printk, so a line can come back
 * corrupted. What is benign and can be named is taken apart (consoleLines: the tty's carriage
 * returns, a kernel message with its printk time inside a guest line, a guest line that lost its
 * newline). Any other answer that is not one JSON object is kept as garbled, for the judge to
 * report as the guest's failure (criu-run.ts), never parsed into a pass.
 */
import type { Answer } from './host.js';

export type CriuOutcome = 'ok' | 'fail';

export interface CriuTraceRun {
  readonly blocksize: number | null;
  readonly dump: CriuOutcome | null;
  readonly restore: CriuOutcome | null;
  readonly ghostFiles: number | null;
  readonly answers: readonly Answer[];
  readonly log: readonly string[];
  /** criu-relink's lines from criu's dump and restore logs (a relink run's action script). */
  readonly said: readonly string[];
  readonly hung: boolean;
  readonly ended: boolean;
  /** Answer lines that could not be read, as the console had them. */
  readonly garbled: readonly string[];
  /** Dumped tasks' pids still in /proc when the dump's barrier gave up waiting for them. */
  readonly stale: readonly number[];
}

export interface CriuConsole {
  readonly release: string;
  readonly check: CriuOutcome | null;
  /** Trace N's run at index N - 1 (every trace of the batch, run or not). */
  readonly traces: readonly CriuTraceRun[];
  readonly done: boolean;
}

interface Mutable {
  blocksize: number | null;
  dump: CriuOutcome | null;
  restore: CriuOutcome | null;
  ghostFiles: number | null;
  answers: Answer[];
  log: string[];
  said: string[];
  hung: boolean;
  ended: boolean;
  garbled: string[];
  stale: number[];
}

const fresh = (): Mutable => ({
  blocksize: null,
  dump: null,
  restore: null,
  ghostFiles: null,
  answers: [],
  log: [],
  said: [],
  hung: false,
  ended: false,
  garbled: [],
  stale: [],
});

/** A kernel message on the console: printk's time, then the message, to the end of the line. */
const PRINTK = /\[\s*\d+\.\d+\] .*$/;

/** One JSON object, or null when `text` is not one. */
function jsonObject(text: string): Answer | null {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? v : null;
  } catch {
    return null;
  }
}

/**
 * The console's lines as the guest printed them. printk writes its record, newline included, to
 * the serial port while the tty is still sending a guest line: the guest's text before it, the
 * record, and the rest of the guest's line (maybe only its newline) on the next line. So a record
 * after guest text is dropped and the next line joined back; the tty's carriage returns go, and an
 * RLX-CRIU marker in mid-line (a line that lost its newline) starts a line of its own.
 */
function consoleLines(out: string): string[] {
  const raw = out.replace(/\r/g, '').split('\n');
  const lines: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    let line = raw[i] ?? '';
    for (let k = PRINTK.exec(line); k !== null && k.index > 0; k = PRINTK.exec(line)) {
      i += 1;
      line = line.slice(0, k.index) + (raw[i] ?? '');
    }
    lines.push(...line.split(/(?=RLX-CRIU)/));
  }
  return lines;
}

/** The console of one boot running `count` traces. */
export function parseCriuConsole(out: string, count: number): CriuConsole {
  const traces: Mutable[] = Array.from({ length: count }, fresh);
  let release = '';
  let check: CriuOutcome | null = null;
  let done = false;
  for (const line of consoleLines(out)) {
    const booted = /RLX-CRIU-BOOTED (\S+)/.exec(line);
    if (booted !== null) release = booted[1] ?? '';
    const ck = /RLX-CRIU-SC check (ok|fail)\s*$/.exec(line);
    if (ck !== null) check = ck[1] as CriuOutcome;
    if (/RLX-CRIU-SC-DONE/.test(line)) done = true;
    const m = /RLX-CRIU-SC (\d+) (\S+) ?(.*)$/.exec(line);
    const t = m === null ? undefined : traces[Number(m[1]) - 1];
    if (m === null || t === undefined) continue;
    const rest = m[3] ?? '';
    switch (m[2]) {
      case 'start':
        t.blocksize = Number(rest);
        break;
      case 'dump':
      case 'restore':
        if (rest === 'ok' || rest === 'fail') t[m[2]] = rest;
        break;
      case 'image': {
        const g = /ghost_files=(\d+)/.exec(rest);
        if (g !== null) t.ghostFiles = Number(g[1]);
        break;
      }
      case 'answer': {
        const a = jsonObject(rest);
        if (a === null) t.garbled.push(line);
        else t.answers.push(a);
        break;
      }
      case 'stale':
        t.stale.push(Number(rest));
        break;
      case 'log':
        t.log.push(rest);
        break;
      case 'said':
        t.said.push(rest);
        break;
      case 'hung':
        t.hung = true;
        break;
      case 'end':
        t.ended = true;
        break;
    }
  }
  return { release, check, traces, done };
}
