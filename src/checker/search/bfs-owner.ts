/**
 * One owner of a partitioned breadth-first search: the states whose canonical key hashes to it
 * (their keys and the current frontier with its worlds), and the steps of a level the
 * coordinator (bfs-levels.ts) calls in order: expand, offer, then ship and accept (or cutoff, or
 * finish). Synchronous and self-contained, so it runs the same in a worker thread or in-process.
 *
 * The order rule that makes every partition agree with the single-threaded search: each owner
 * expands its frontier in path order and tries ops in index order, and a state found twice in a
 * level keeps its smallest path (path-code.ts).
 */
import { getHeapStatistics } from 'node:v8';
import type { World } from '../../model/world.js';
import { stateKey } from '../canonical.js';
import { expandLevel, type Expanded, type LevelNode, type LevelViolation } from './expand-level.js';
import { KeySetDigest, partOf } from './partition.js';
import { transitionsUpTo } from './path-code.js';
import { startWorld, type Op } from '../relink-alphabet.js';
import { ModelBug } from '../../model/errors.js';

export type { Expanded, LevelViolation } from './expand-level.js';

export interface OwnerConfig {
  readonly kernel: string;
  readonly alphabet: readonly Op[];
  readonly index: number;
  readonly count: number;
}

/** A state as the exchange carries it: its canonical key and its smallest path so far. */
export type KeyPath = readonly [key: string, path: string];

export interface ShardSpec {
  readonly index: number;
  readonly count: number;
}

export interface ExpandArgs {
  /** Keep the new worlds: false at the last level, whose states are counted but not expanded. */
  readonly keepWorlds: boolean;
  /** Expand only this shard's states (a sharded run's last level). */
  readonly shard: ShardSpec | null;
}
export interface ExpandReply {
  readonly transitions: number;
  /** What this owner found, per owner of the key (local duplicates dropped). */
  readonly offers: readonly (readonly KeyPath[])[];
  /** This owner's first violation in path order; it stopped expanding there. */
  readonly violation: LevelViolation | null;
}
export interface OfferArgs {
  readonly batches: readonly { readonly from: number; readonly items: readonly KeyPath[] }[];
}
export interface OfferReply {
  /** New states of this owner at this level. */
  readonly fresh: number;
  /** Per owner: the keys whose world it found first and must ship here. */
  readonly requests: readonly (readonly string[])[];
}
export interface ShipArgs {
  readonly keys: readonly string[];
}
export interface ShipReply {
  /** The worlds as JSON, in the order of the keys. */
  readonly worlds: readonly string[];
}
export interface AcceptArgs {
  readonly keys: readonly string[];
  readonly worlds: readonly string[];
}
export interface CutoffArgs {
  /** The level's earliest violating path, over every owner. */
  readonly cx: string;
}
export interface CutoffReply {
  /** Transitions up to and including the violating one. */
  readonly transitions: number;
  /** New states found before it. */
  readonly fresh: number;
  /** States found but not expanded when the single-threaded search stops there. */
  readonly queue: number;
}
export interface FinishReply {
  readonly found: readonly KeyPath[];
  readonly expanded: readonly Expanded[];
  /** Digest of every key this owner has seen before this level. */
  readonly digest: string;
}
export interface CountReply {
  readonly n: number;
}

/** The calls an owner answers; each takes one plain-data argument and returns plain data. */
export interface OwnerApi {
  start(a: Record<string, never>): CountReply;
  expand(a: ExpandArgs): ExpandReply;
  offer(a: OfferArgs): OfferReply;
  ship(a: ShipArgs): ShipReply;
  accept(a: AcceptArgs): CountReply;
  cutoff(a: CutoffArgs): CutoffReply;
  finish(a: Record<string, never>): FinishReply;
  heap(a: Record<string, never>): CountReply;
}

export const OWNER_METHODS = ['start', 'expand', 'offer', 'ship', 'accept', 'cutoff', 'finish', 'heap'] as const;

interface FrontierNode {
  readonly key: string;
  readonly path: string;
  /** The world, its JSON (shipped by another owner, parsed when expanded), or null once expanded. */
  world: World | string | null;
}

const byPath = (a: { path: string }, b: { path: string }): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

export class BfsOwner implements OwnerApi {
  private readonly seen = new Set<string>();
  private frontier: FrontierNode[] = [];
  private expanded: Expanded[] = [];
  private outgoing = new Map<string, World>();
  private pending = new Map<string, { path: string; from: number }>();
  private keepWorlds = true;

  /** `tick` hears the transitions made so far in the current level, every few hundred. */
  constructor(
    private readonly config: OwnerConfig,
    private readonly tick?: (transitions: number) => void,
  ) {}

  start(_a: Record<string, never>): CountReply {
    const world = startWorld(this.config.kernel);
    const key = stateKey(world);
    if (partOf(key, this.config.count, 'worker') !== this.config.index) return { n: 0 };
    this.seen.add(key);
    this.frontier = [{ key, path: '', world }];
    return { n: 1 };
  }

  expand(a: ExpandArgs): ExpandReply {
    const { count, index } = this.config;
    const offers: KeyPath[][] = Array.from({ length: count }, () => []);
    this.keepWorlds = a.keepWorlds;
    this.outgoing = new Map();
    const r = expandLevel(this.frontierNodes(a.shard), {
      alphabet: this.config.alphabet,
      keyOf: stateKey,
      ownerOf: (key) => partOf(key, count, 'worker'),
      known: (key, owner) => owner === index && this.seen.has(key),
      offer: (o) => {
        if (a.keepWorlds) this.outgoing.set(o.key, o.world);
        offers[o.owner]?.push([o.key, o.path]);
      },
      ...(this.tick === undefined ? {} : { tick: this.tick }),
    });
    this.expanded = [...r.expanded];
    return { transitions: r.transitions, offers, violation: r.violation };
  }

  /** The frontier (this shard's part of it) in path order, each world dropped once handed out. */
  private *frontierNodes(shard: ShardSpec | null): Generator<LevelNode> {
    for (const node of this.frontier) {
      if (shard !== null && partOf(node.key, shard.count, 'shard') !== shard.index) continue;
      const world = this.worldOf(node);
      node.world = null;
      yield { path: node.path, world };
    }
  }

  offer(a: OfferArgs): OfferReply {
    this.pending = new Map();
    for (const b of a.batches) {
      for (const [key, path] of b.items) {
        if (this.seen.has(key)) continue;
        const p = this.pending.get(key);
        if (p === undefined || path < p.path) this.pending.set(key, { path, from: b.from });
      }
    }
    const requests: string[][] = Array.from({ length: this.config.count }, () => []);
    if (this.keepWorlds) {
      for (const [key, p] of this.pending) if (p.from !== this.config.index) requests[p.from]?.push(key);
    }
    return { fresh: this.pending.size, requests };
  }

  ship(a: ShipArgs): ShipReply {
    return {
      worlds: a.keys.map((key) => {
        const w = this.outgoing.get(key);
        if (w === undefined) throw new ModelBug(`owner ${this.config.index} was asked for a world it did not find`);
        return JSON.stringify(w);
      }),
    };
  }

  /** Take the level's new states as the next frontier, in path order. */
  accept(a: AcceptArgs): CountReply {
    const shipped = new Map<string, string>(a.keys.map((k, i) => [k, a.worlds[i] ?? '']));
    const next: FrontierNode[] = [];
    for (const [key, p] of this.pending) {
      const world = p.from === this.config.index ? this.outgoing.get(key) : shipped.get(key);
      if (world === undefined || world === '')
        throw new ModelBug(`owner ${this.config.index} has no world for a new state`);
      this.seen.add(key);
      next.push({ key, path: p.path, world });
    }
    this.frontier = next.sort(byPath);
    this.pending = new Map();
    this.outgoing = new Map();
    this.expanded = [];
    return { n: next.length };
  }

  cutoff(a: CutoffArgs): CutoffReply {
    const cxParent = a.cx.slice(0, -1);
    let transitions = 0;
    for (const [path, ops] of this.expanded) transitions += transitionsUpTo(path, ops, a.cx);
    let fresh = 0;
    for (const p of this.pending.values()) if (p.path < a.cx) fresh++;
    const unexpanded = this.frontier.filter((n) => n.path > cxParent).length;
    return { transitions, fresh, queue: unexpanded + fresh };
  }

  finish(_a: Record<string, never>): FinishReply {
    const digest = new KeySetDigest();
    for (const key of this.seen) digest.add(key);
    return {
      found: [...this.pending].map(([key, p]): KeyPath => [key, p.path]),
      expanded: this.expanded,
      digest: digest.toString(),
    };
  }

  heap(_a: Record<string, never>): CountReply {
    return { n: getHeapStatistics().used_heap_size };
  }

  private worldOf(node: FrontierNode): World {
    if (node.world === null) throw new ModelBug(`state ${node.path} expanded twice`);
    return typeof node.world === 'string' ? (JSON.parse(node.world) as World) : node.world;
  }
}
