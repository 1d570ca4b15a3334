// How much the fuzz tests run, and from which seed: CI runs the default budget from a fixed seed,
// so a red run is reproducible; `npm run fuzz` runs ten times more from a fresh seed, printed.
const scale = Number(process.env['RELINKLAB_FUZZ_SCALE'] ?? '1');
const seedText = process.env['RELINKLAB_FUZZ_SEED'] ?? '20110228';

if (!Number.isFinite(scale) || scale <= 0) throw new Error(`RELINKLAB_FUZZ_SCALE=${String(scale)}: a positive number`);
if (!/^-?\d+$/.test(seedText)) throw new Error(`RELINKLAB_FUZZ_SEED=${seedText}: an integer`);

export const FUZZ_SEED = Number(seedText);

/** `n` at the default budget, scaled. */
export const budget = (n: number): number => Math.max(1, Math.round(n * scale));

/** What to run again to reproduce a failure. */
export const replayHint = (): string => `RELINKLAB_FUZZ_SEED=${FUZZ_SEED} RELINKLAB_FUZZ_SCALE=${scale}`;

/** A fuzz test's time limit: a guard against a hang, far above what the budget takes (never a speed test). */
export const FUZZ_TIMEOUT = budget(15 * 60_000);
