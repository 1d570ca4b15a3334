// Pin fast-check's seed so CI runs are reproducible; a failure prints seed and path to replay it.
import fc from 'fast-check';

const seedText = process.env['RELINKLAB_SEED'] ?? '424242';
const seed = Number(seedText);
if (!Number.isInteger(seed)) throw new Error(`RELINKLAB_SEED must be an integer, got ${seedText}`);
fc.configureGlobal({ seed, numRuns: 100 });

// A read's bytes (src/ops/vfs/pagecache.ts: Bytes) equal a string when they spell it, so that the
// specifications can say `data: 'abc'` of a result whose data is held as extents.
import { expect } from 'vitest';
import { bytesEqual, type Bytes } from '../src/ops/vfs/pagecache.js';

const isBytes = (x: unknown): x is Bytes =>
  typeof x === 'object' && x !== null && 'extents' in x && Array.isArray((x as Bytes).extents);

expect.addEqualityTesters([
  (a: unknown, b: unknown): boolean | undefined => {
    if (isBytes(a) && typeof b === 'string') return bytesEqual(a, b);
    if (typeof a === 'string' && isBytes(b)) return bytesEqual(b, a);
    return undefined;
  },
]);

// The search in place shares nested objects between a record and its saved version; frozen in
// tests, so that a handler writing into one without ownField throws (src/checker/search/undo-world.ts).
import { checkSharing } from '../src/checker/search/undo-world.js';
checkSharing(true);
