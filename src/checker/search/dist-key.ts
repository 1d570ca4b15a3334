/**
 * How the distributed search names a state and picks its partition: the state's 64-bit
 * fingerprint, the one the single search's visited set holds (fingerprint.ts), so both count the
 * same states; written as sixteen hex digits (the directory's files are lines of "path key"), the
 * owner taken from its high word. The one place to change for another state identity. The jobs
 * keep fingerprints as numbers while they expand (a key is written only for a state sent on), so
 * each formula here has a form on the fingerprint and one on the key, equal by test.
 */
import type { World } from '../../model/world.js';
import { ModelBug } from '../../model/errors.js';
import { fingerprint, fingerprintHex, type Fingerprint } from '../fingerprint.js';

/** The key the inboxes and states files carry for a fingerprint. */
export const distKeyOf = (f: Fingerprint): string => fingerprintHex(f);

/** The key of a world's state. */
export const distKey = (w: World): string => distKeyOf(fingerprint(w));

/** Whether a key read from a file is one distKey could have made. */
export const isDistKey = (key: string): boolean => /^[0-9a-f]{16}$/.test(key);

/** The fingerprint a key names (distKeyOf's inverse). */
export function parseDistKey(key: string): Fingerprint {
  if (!isDistKey(key)) throw new ModelBug(`state key "${key}" is not a fingerprint's sixteen hex digits`);
  return { hi: Number.parseInt(key.slice(0, 8), 16), lo: Number.parseInt(key.slice(8), 16) };
}

/** The partition that owns a fingerprint's state, of `partitions`: its high word's remainder. */
export const distOwnerOf = (f: Fingerprint, partitions: number): number => f.hi % partitions;

/** The partition that owns a key, of `partitions`. */
export const distOwner = (key: string, partitions: number): number => distOwnerOf(parseDistKey(key), partitions);
