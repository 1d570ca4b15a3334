/** A worker thread holding one owner of a partitioned search (started by bfs-threads.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { BfsOwner, OWNER_METHODS, type OwnerConfig } from './bfs-owner.js';
import { dispatch, type OwnerArg } from './owner-rpc.js';
import type { WorkerMessage, WorkerRequest } from './worker-protocol.js';
import { ModelBug } from '../../model/errors.js';

const port = parentPort;
if (port === null) throw new Error('bfs-worker.js runs only as a worker thread');
const send = (m: WorkerMessage): void => port.postMessage(m);
const owner = new BfsOwner(workerData as OwnerConfig, (transitions) => send({ kind: 'tick', transitions }));

port.on('message', (req: WorkerRequest) => {
  try {
    if (!OWNER_METHODS.includes(req.method)) throw new ModelBug(`unknown owner call "${String(req.method)}"`);
    send({ kind: 'reply', id: req.id, value: dispatch(owner, req.method, req.arg as OwnerArg<typeof req.method>) });
  } catch (e) {
    send({ kind: 'error', id: req.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
