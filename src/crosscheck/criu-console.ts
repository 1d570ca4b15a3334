/**
 * What the CRIU scenario guest printed (kernel-patches/criu/scenarios-init): whether `criu check`
 * passed, and per trace its file system's block size, what `criu dump` and `criu restore` came to,
 * the ghost files in the image, the executor's answers, the log of a criu that failed and what
 * criu-relink (relink-action.sh) said.
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
});

/** The console of one boot running `count` traces. */
export function parseCriuConsole(out: string, count: number): CriuConsole {
  const traces: Mutable[] = Array.from({ length: count }, fresh);
  let release = '';
  let check: CriuOutcome | null = null;
  let done = false;
  for (const line of out.split('\n')) {
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
      case 'answer':
        t.answers.push(JSON.parse(rest) as Answer);
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
