/**
 * How the distributed search names a state and picks its partition: the state's 64-bit
 * fingerprint, the one the single search's visited set holds (fingerprint.ts), so both count the
 * same states; written as sixteen hex digits (the directory's files are lines of "path key"), the
 * owner taken from its high word. The one place to change for another state identity.
 */
import type { World } from '../../model/world.js';
import { ModelBug } from '../../model/errors.js';
import { fingerprint, fingerprintHex } from '../fingerprint.js';

/** The key the visited sets hold and the inboxes carry. */
export const distKey = (w: World): string => fingerprintHex(fingerprint(w));

/** Whether a key read from a file is one distKey could have made. */
export const isDistKey = (key: string): boolean => /^[0-9a-f]{16}$/.test(key);

/** The partition that owns a key, of `partitions`. */
export function distOwner(key: string, partitions: number): number {
  if (!isDistKey(key)) throw new ModelBug(`state key "${key}" is not a fingerprint's sixteen hex digits`);
  return Number.parseInt(key.slice(0, 8), 16) % partitions;
}
