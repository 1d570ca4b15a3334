import type { World } from '../model/world.js';

/** An invariant that does not hold, named, with what was found. */
export interface Violation {
  readonly invariant: string;
  readonly message: string;
}

/** A named pure predicate over a world; returns every violation it finds (empty when it holds). */
export interface Invariant {
  readonly name: string;
  /** One line: what holds, and where the kernel keeps it. */
  readonly doc: string;
  readonly check: (w: World) => readonly Violation[];
}
