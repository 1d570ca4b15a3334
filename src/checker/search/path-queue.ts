/**
 * A level's frontier as paths, not worlds: each state is the op indices that reach it from the
 * start (one byte each), packed end to end. A world on this model takes 2 to 4 KB; a path at depth
 * 10 takes 10 bytes. The breadth-first search re-derives the worlds in path order, stepping the
 * shared prefixes once (bfs.ts). Past `spillBytes` the queue writes its chunks to a file and reads
 * them back in order, so a frontier larger than memory still fits on disk.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelBug } from '../../model/errors.js';

const CHUNK = 1 << 16;

export class PathQueue {
  private chunks: Uint8Array[] = [];
  /** Smaller chunks when little may stay in memory, so a small frontier spills too. */
  private readonly chunkBytes: number;
  private cur: Uint8Array;
  private used = 0;
  private count = 0;
  private spilled: { dir: string; fd: number; bytes: number } | null = null;

  /** `length`: every path's length (one level); `spillBytes`: memory kept before spilling. */
  constructor(
    readonly length: number,
    private readonly spillBytes = Infinity,
  ) {
    if (length < 0 || length > 255) throw new ModelBug(`path length ${length}`);
    this.chunkBytes = Math.max(length, Math.min(CHUNK, Math.max(256, spillBytes)));
    this.cur = new Uint8Array(this.chunkBytes);
  }

  get size(): number {
    return this.count;
  }

  /** Bytes this queue holds in memory (its chunks), what a frontier state costs here. */
  get memoryBytes(): number {
    return this.chunks.reduce((a, c) => a + c.byteLength, 0) + this.cur.byteLength;
  }

  /** Bytes written to disk so far. */
  get spilledBytes(): number {
    return this.spilled?.bytes ?? 0;
  }

  /** The level-0 frontier: the empty path to the start. */
  static start(): PathQueue {
    const q = new PathQueue(0);
    q.count = 1;
    return q;
  }

  /** Appends `prefix` (this.length - 1 ops) then `last`. */
  push(prefix: Uint8Array, last: number): void {
    const n = this.length;
    if (n === 0) throw new ModelBug('a path of length 0 has no last op');
    if (this.used + n > this.chunkBytes) this.seal();
    this.cur.set(prefix.subarray(0, n - 1), this.used);
    this.cur[this.used + n - 1] = last;
    this.used += n;
    this.count++;
  }

  private seal(): void {
    this.chunks.push(this.cur.subarray(0, this.used));
    this.cur = new Uint8Array(this.chunkBytes);
    this.used = 0;
    if (this.memoryBytes > this.spillBytes) this.spill();
  }

  private spill(): void {
    if (this.spilled === null) {
      const dir = mkdtempSync(join(tmpdir(), 'relinklab-frontier-'));
      this.spilled = { dir, fd: openSync(join(dir, 'paths'), 'w+'), bytes: 0 };
    }
    for (const c of this.chunks) {
      writeSync(this.spilled.fd, c, 0, c.length, this.spilled.bytes);
      this.spilled.bytes += c.length;
    }
    this.chunks = [];
  }

  /** Every path in the order pushed; the array given is reused, so copy what must outlive a step. */
  *paths(): Generator<Uint8Array> {
    const n = this.length;
    const out = new Uint8Array(n);
    if (n === 0) {
      for (let i = 0; i < this.count; i++) yield out;
      return;
    }
    const spilled = this.spilled;
    if (spilled !== null) {
      // Whole paths per read: CHUNK is not a multiple of n, but every sealed chunk holds whole paths.
      const buf = new Uint8Array(CHUNK - (CHUNK % n));
      for (let at = 0; at < spilled.bytes;) {
        const got = readSync(spilled.fd, buf, 0, Math.min(buf.length, spilled.bytes - at), at);
        if (got <= 0 || got % n !== 0) throw new ModelBug(`frontier file: read ${got} bytes at ${at}`);
        for (let i = 0; i < got; i += n) {
          out.set(buf.subarray(i, i + n));
          yield out;
        }
        at += got;
      }
    }
    for (const c of [...this.chunks, this.cur.subarray(0, this.used)]) {
      for (let i = 0; i + n <= c.length; i += n) {
        out.set(c.subarray(i, i + n));
        yield out;
      }
    }
  }

  /** Removes the spill file, if any. */
  dispose(): void {
    if (this.spilled !== null) {
      closeSync(this.spilled.fd);
      rmSync(this.spilled.dir, { recursive: true, force: true });
      this.spilled = null;
    }
  }
}
