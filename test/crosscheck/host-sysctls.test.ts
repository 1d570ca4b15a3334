// crosscheck --kernel host boots the model with this machine's fs.protected_* sysctls, as they are
// now, so that the host and the model answer on the same machine.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hostSysctls } from '../../src/crosscheck/host.js';
import { SYSCTL_NAMES } from '../../src/model/sysctl.js';

describe('hostSysctls', () => {
  it('reads each of them from /proc/sys/fs', () => {
    const read = Object.fromEntries(
      SYSCTL_NAMES.map((n) => [n, Number(readFileSync(`/proc/sys/fs/${n}`, 'utf8').trim())]),
    );
    expect(hostSysctls()).toEqual(read);
  });
});
