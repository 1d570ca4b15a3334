/**
 * Timing helpers. Throughput is taken in CPU time of this process (user + system): the machine is
 * shared (2 cores, other jobs), and CPU time is what a busy neighbour disturbs least. Wall time is
 * kept too.
 */
export interface Timed<T> {
  readonly value: T;
  readonly cpuMs: number;
  readonly wallMs: number;
}

export function timed<T>(f: () => T): Timed<T> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = f();
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { value, cpuMs: (c.user + c.system) / 1000, wallMs };
}

/** Collect garbage when node runs with --expose-gc (npm run bench does), so heap deltas mean something. */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc !== undefined) gc();
}

export const perSecond = (count: number, ms: number): number => (ms > 0 ? (count * 1000) / ms : 0);

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};
