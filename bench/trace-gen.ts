/**
 * The replay benchmark's workload: a deterministic native trace (JSON lines) of open, write, link,
 * unlink, rename and close over a few names in a few directories. The same seed gives the same
 * bytes, so every run and both replayers see one workload.
 */
import { O_APPEND, O_CREAT, O_RDWR, O_TRUNC, O_WRONLY } from '../src/model/flags.js';
import type { Syscall } from '../src/model/syscall/syscall.js';

export const BENCH_DIRS: readonly string[] = ['/d0', '/d1', '/d2'];
const NAMES = ['f0', 'f1', 'f2', 'f3'];
/** Enough open files to alias and unlink while open, few enough that fds are reused. */
const MAX_OPEN = 8;
/** The first fd a traced program gets (0-2 are held from outside, as the replayer boots). */
const FIRST_FD = 3;
const OPEN_FLAGS = [O_CREAT | O_RDWR, O_CREAT | O_WRONLY | O_APPEND, O_CREAT | O_RDWR | O_TRUNC];

/** mulberry32: a tiny PRNG that is the same on every Node version (Math.random is not seedable). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` calls by pid 1: the directories first, then a random mix that keeps at most MAX_OPEN files open. */
export function generateSyscalls(n: number, seed: number): Syscall[] {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const path = (): string => `${pick(BENCH_DIRS)}/${pick(NAMES)}`;
  const open = new Set<number>();
  const lowestFree = (): number => {
    let fd = FIRST_FD;
    while (open.has(fd)) fd++;
    return fd;
  };
  const out: Syscall[] = BENCH_DIRS.slice(0, n).map((d) => ({ call: 'mkdir', path: d, mode: 0o755 }));
  while (out.length < n) {
    const r = rnd();
    const fds = [...open];
    // Opens always succeed (the directories exist and are never removed), so fds are predictable.
    if ((r < 0.25 && open.size < MAX_OPEN) || fds.length === 0) {
      out.push({ call: 'open', path: path(), flags: pick(OPEN_FLAGS), mode: 0o644 });
      open.add(lowestFree());
    } else if (r < 0.5) {
      const len = 1 + Math.floor(rnd() * 32);
      const data = String.fromCharCode(...Array.from({ length: len }, () => 97 + Math.floor(rnd() * 26)));
      out.push({ call: 'write', fd: pick(fds), data });
    } else if (r < 0.7) {
      const fd = pick(fds);
      out.push({ call: 'close', fd });
      open.delete(fd);
    } else if (r < 0.8) {
      out.push({ call: 'link', oldpath: path(), newpath: path() });
    } else if (r < 0.9) {
      out.push({ call: 'unlink', path: path() });
    } else {
      out.push({ call: 'rename', oldpath: path(), newpath: path() });
    }
  }
  return out;
}

/** The native trace text (docs/trace-format.md) of those calls, with a header naming ext4. */
export function generateTrace(n: number, seed: number): string {
  const lines = [JSON.stringify({ relinklab: 1, kernel: 'mainline', fs: 'ext4' })];
  for (const sc of generateSyscalls(n, seed)) {
    const { call, ...args } = sc;
    lines.push(JSON.stringify({ pid: 1, call, args }));
  }
  return `${lines.join('\n')}\n`;
}
