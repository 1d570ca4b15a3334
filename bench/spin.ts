/**
 * The SPIN peer: bench/spin/relink.pml compiled by spin and gcc (scripts/install-deps.sh bench)
 * and searched breadth first to the same depth as relinklab's exhaustive explorer, so both count
 * the states reachable in at most N operations.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { perSecond } from './measure.js';

export interface SpinResult {
  readonly depth: number;
  readonly states: number;
  readonly transitions: number;
  /** pan's own search time (its "elapsed time" line), not the compile. */
  readonly searchMs: number;
  readonly statesPerSec: number;
  readonly version: string;
}

const run = (cmd: string, args: string[], cwd: string): string =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 26 });

/** Whether spin and gcc are installed (the bench says so instead of failing). */
export function spinAvailable(): boolean {
  try {
    run('spin', ['-V'], tmpdir());
    run('gcc', ['--version'], tmpdir());
    return true;
  } catch {
    return false;
  }
}

const num = (out: string, re: RegExp): number => {
  const m = re.exec(out);
  if (m?.[1] === undefined) throw new Error(`pan output has no ${re.source}:\n${out}`);
  return Number(m[1]);
};

export function runSpin(model: string, depth: number): SpinResult {
  const dir = mkdtempSync(join(tmpdir(), 'relinklab-spin-'));
  try {
    return searchIn(dir, model, depth);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function searchIn(dir: string, model: string, depth: number): SpinResult {
  copyFileSync(model, join(dir, 'relink.pml'));
  const version = run('spin', ['-V'], dir).trim();
  run('spin', [`-DN=${depth}`, '-a', 'relink.pml'], dir); // arrays sized for N operations
  // Breadth first, so a depth bound means "at most N operations" as in relinklab; no never claim;
  // safety only (the model loops forever, so it has no end states); -c0 goes on past any error.
  run('gcc', ['-O2', '-DBFS', '-DNOCLAIM', '-DSAFETY', '-DMEMLIM=8192', '-o', 'pan', 'pan.c'], dir);
  const out = run('./pan', [`-m${depth}`, '-c0'], dir);
  const states = num(out, /(\d+) states, stored/);
  const searchMs = num(out, /pan: elapsed time ([\d.e+-]+) seconds/) * 1000;
  return {
    depth,
    states,
    transitions: num(out, /(\d+) transitions \(= stored\+matched\)/),
    searchMs,
    statesPerSec: perSecond(states, searchMs),
    version,
  };
}
