/**
 * Owners seen from the coordinator: every call answers with a promise, whether the owner runs
 * in-process (a single-threaded or sharded run on one core) or in a worker thread (bfs-threads.ts).
 */
import { BfsOwner, OWNER_METHODS, type OwnerApi, type OwnerConfig } from './bfs-owner.js';

export type OwnerMethod = keyof OwnerApi;
export type OwnerArg<M extends OwnerMethod> = Parameters<OwnerApi[M]>[0];
export type OwnerReply<M extends OwnerMethod> = ReturnType<OwnerApi[M]>;

export type RemoteOwner = {
  readonly [M in OwnerMethod]: (a: OwnerArg<M>) => Promise<OwnerReply<M>>;
};

/** A RemoteOwner from one function that carries a call to wherever the owner is. */
export function remoteOwner(
  call: <M extends OwnerMethod>(m: M, a: OwnerArg<M>) => Promise<OwnerReply<M>>,
): RemoteOwner {
  const entries = OWNER_METHODS.map((m) => [m, (a: OwnerArg<typeof m>) => call(m, a)] as const);
  return Object.fromEntries(entries) as unknown as RemoteOwner;
}

/** Run one owner's call by name (what a worker thread does with a message). */
export function dispatch<M extends OwnerMethod>(owner: OwnerApi, m: M, a: OwnerArg<M>): OwnerReply<M> {
  const fn = owner[m] as (a: OwnerArg<M>) => OwnerReply<M>;
  return fn.call(owner, a);
}

/** Owners in this thread: calls run at once (errors become rejections). */
export function inProcessOwners(
  base: Omit<OwnerConfig, 'index' | 'count'>,
  count: number,
  tick?: (owner: number, transitions: number) => void,
): RemoteOwner[] {
  return Array.from({ length: count }, (_, index) => {
    const owner = new BfsOwner({ ...base, index, count }, tick === undefined ? undefined : (t) => tick(index, t));
    return remoteOwner((m, a) => {
      try {
        return Promise.resolve(dispatch(owner, m, a));
      } catch (e) {
        return Promise.reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  });
}
