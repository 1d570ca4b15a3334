// Worlds for the credential programs' cases (test/corpus/programs/creds/): booted with chosen
// fs.protected_* sysctls, files made by root as the programs' make() does, tasks of other users.
import { O_CREAT, O_TRUNC, O_WRONLY } from '../../src/model/flags.js';
import { DEBIAN_BOOT_SYSCTLS, type Sysctls } from '../../src/model/sysctl.js';
import type { World } from '../../src/model/world.js';
import { bootWorld } from '../../src/ops/vfs/boot.js';
import { call, must } from './spec.js';

/** A machine booted with `sysctl` over Debian's boot values, fds 0-2 taken. */
export function bootWith(sysctl: Partial<Sysctls>, kernel = 'mainline'): World {
  return bootWorld({ kernel, sysctl: { ...DEBIAN_BOOT_SYSCTLS, ...sysctl }, outsideFds: [0, 1, 2] });
}

/** creds.h's make(): root creates `path`, gives it to `uid`:`gid`, then sets `mode` (pid 1 must be root). */
export function make(w: World, path: string, mode: number, uid: number, gid: number): World {
  const opened = call(w, { call: 'open', path, flags: O_WRONLY | O_CREAT | O_TRUNC, mode });
  if (opened.result.ok !== true) throw new Error(`make ${path}: ${JSON.stringify(opened.result)}`);
  return must(
    opened.world,
    { call: 'close', fd: opened.result.ret },
    { call: 'chown', path, owner: uid, group: gid },
    { call: 'chmod', path, mode },
  );
}

/**
 * creds.h's AS(): pid 1 (root, no supplementary groups) forks `child`, which becomes `uid`:`gid`
 * with setresgid and setresuid, as a daemon dropping root does.
 */
export function becomeChild(w: World, child: number, uid: number, gid: number): World {
  let cur = must(w, { call: 'fork', child });
  for (const sc of [
    { call: 'setresgid', rgid: gid, egid: gid, sgid: gid },
    { call: 'setresuid', ruid: uid, euid: uid, suid: uid },
  ] as const) {
    const out = call(cur, sc, child);
    if (out.result.ok !== true) throw new Error(`${sc.call} in ${child}: ${JSON.stringify(out.result)}`);
    cur = out.world;
  }
  return cur;
}
