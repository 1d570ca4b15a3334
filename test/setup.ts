// Pin fast-check's seed so CI runs are reproducible; a failure prints seed and path to replay it.
import fc from 'fast-check';

const seedText = process.env['RELINKLAB_SEED'] ?? '424242';
const seed = Number(seedText);
if (!Number.isInteger(seed)) throw new Error(`RELINKLAB_SEED must be an integer, got ${seedText}`);
fc.configureGlobal({ seed, numRuns: 100 });
