/**
 * How the distributed search names a state and picks its partition: the one place to change when
 * the 64-bit fingerprint replaces the SHA-1 key (both lines below). A key must be text without
 * spaces or newlines (the directory's files are lines of "path key"), the same on every machine.
 */
import type { World } from '../../model/world.js';
import { stateKey } from '../canonical.js';
import { partOf } from './partition.js';

/** The key the visited sets hold and the inboxes carry. */
export const distKey: (w: World) => string = stateKey;

/** The partition that owns a key, of `partitions`. */
export function distOwner(key: string, partitions: number): number {
  return partOf(key, partitions, 'worker');
}
