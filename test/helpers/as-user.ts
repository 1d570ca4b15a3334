import { castDraft, produce } from 'immer';
import { userCred } from '../../src/model/cred.js';
import type { World } from '../../src/model/world.js';
import { taskOf } from '../../src/ops/vfs/world-draft.js';

/** The world with task `pid` logged in as `uid`/`gid` (root holds every capability, others none). */
export function asUser(w: World, uid: number, gid: number, umask?: number, pid = 1): World {
  return produce(w, (d) => {
    const t = taskOf(d, pid);
    t.cred = castDraft(userCred(pid, uid, gid));
    if (umask !== undefined) t.umask = umask;
  });
}
