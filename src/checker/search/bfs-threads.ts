/**
 * Owners in worker threads, one per thread. Workers run compiled JavaScript: from dist/ the
 * script sits next to this module; from the TypeScript sources (vitest) it is the build's copy,
 * which `npm test` makes before the tests run.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { OwnerConfig } from './bfs-owner.js';
import { remoteOwner, type OwnerArg, type OwnerMethod, type OwnerReply, type RemoteOwner } from './owner-rpc.js';
import type { WorkerMessage, WorkerRequest } from './worker-protocol.js';

export interface WorkerPool {
  readonly owners: readonly RemoteOwner[];
  close(): Promise<void>;
}

function workerScript(): URL {
  const fromSource = import.meta.url.endsWith('.ts');
  const url = new URL(
    fromSource ? '../../../dist/src/checker/search/bfs-worker.js' : './bfs-worker.js',
    import.meta.url,
  );
  if (!existsSync(fileURLToPath(url))) throw new Error(`${fileURLToPath(url)} is missing: run npm run build first`);
  return url;
}

interface Waiter {
  readonly resolve: (v: unknown) => void;
  readonly reject: (e: Error) => void;
}

function startOne(config: OwnerConfig, script: URL, tick?: (transitions: number) => void): [RemoteOwner, Worker] {
  const worker = new Worker(script, { workerData: config });
  const waiting = new Map<number, Waiter>();
  let nextId = 0;
  const failAll = (e: Error): void => {
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
  };
  worker.on('message', (m: WorkerMessage) => {
    if (m.kind === 'tick') {
      tick?.(m.transitions);
      return;
    }
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if (m.kind === 'reply') w?.resolve(m.value);
    else w?.reject(new Error(`worker ${config.index}: ${m.error}`));
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`worker ${config.index} exited with status ${code}`)));
  const call = <M extends OwnerMethod>(method: M, arg: OwnerArg<M>): Promise<OwnerReply<M>> =>
    new Promise<OwnerReply<M>>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve: (v) => resolve(v as OwnerReply<M>), reject });
      const req: WorkerRequest = { id, method, arg };
      worker.postMessage(req);
    });
  return [remoteOwner(call), worker];
}

export function startWorkers(
  base: Omit<OwnerConfig, 'index' | 'count'>,
  count: number,
  tick?: (owner: number, transitions: number) => void,
): WorkerPool {
  const script = workerScript();
  const started = Array.from({ length: count }, (_, index) =>
    startOne({ ...base, index, count }, script, tick === undefined ? undefined : (t) => tick(index, t)),
  );
  return {
    owners: started.map(([o]) => o),
    close: async () => {
      await Promise.all(started.map(([, w]) => w.terminate()));
    },
  };
}
