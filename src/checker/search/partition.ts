/**
 * Which part of a partitioned search a state belongs to, from its canonical key alone, so the
 * answer is the same on every machine and every run. Worker threads and shards read different
 * bytes of the key's SHA-1, so a sharded run with workers still spreads each shard's states.
 */
import { ModelBug } from '../../model/errors.js';

export type PartitionUse = 'worker' | 'shard';

export function partOf(key: string, parts: number, use: PartitionUse): number {
  if (parts === 1) return 0;
  const bytes = Buffer.from(key, 'base64');
  if (bytes.length < 8) throw new ModelBug(`state key "${key}" is not a SHA-1 digest`);
  return bytes.readUInt32BE(use === 'worker' ? 0 : 4) % parts;
}

/** An order-independent digest of a set of keys (XOR of the digests), to compare state sets. */
export class KeySetDigest {
  private readonly acc = Buffer.alloc(20);

  add(key: string): void {
    const bytes = Buffer.from(key, 'base64');
    for (let i = 0; i < this.acc.length; i++) this.acc[i] = (this.acc[i] ?? 0) ^ (bytes[i] ?? 0);
  }

  addDigest(digest: string): void {
    this.add(digest);
  }

  toString(): string {
    return this.acc.toString('base64');
  }
}
