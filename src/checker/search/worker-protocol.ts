/** The messages between the coordinator and an owner in a worker thread. */
import type { OwnerMethod } from './owner-rpc.js';

export interface WorkerRequest {
  readonly id: number;
  readonly method: OwnerMethod;
  readonly arg: unknown;
}

export type WorkerMessage =
  | { readonly kind: 'reply'; readonly id: number; readonly value: unknown }
  | { readonly kind: 'error'; readonly id: number; readonly error: string }
  | { readonly kind: 'tick'; readonly transitions: number };
