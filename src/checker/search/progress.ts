/** What a long search reports while it runs, for a progress line (the CLI draws it on a TTY). */
export interface ExhaustiveProgress {
  readonly kind: 'exhaustive';
  /** The level being generated (its states are `level` steps from the start). */
  readonly level: number;
  readonly distinct: number;
  readonly transitions: number;
  /** States found but not expanded yet. */
  readonly queue: number;
}

export interface RandomProgress {
  readonly kind: 'random';
  /** Sequences run so far (shrinking counts too). */
  readonly runs: number;
  readonly of: number;
}

export type SearchProgress = ExhaustiveProgress | RandomProgress;
export type ProgressSink = (p: SearchProgress) => void;
