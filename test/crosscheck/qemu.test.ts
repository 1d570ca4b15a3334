// The QEMU harness fails clearly when the guest cannot run: an error of the environment, not a result.
import { describe, expect, it } from 'vitest';
import { GuestError } from '../../src/model/errors.js';
import { bootGuest } from '../../src/crosscheck/qemu.js';

describe('booting a guest', () => {
  it('reports a kernel that does not boot as a GuestError naming the kernel', () => {
    process.env['RELINKLAB_ACCEL'] = 'tcg';
    const kernel = { name: 'patched' as const, image: '/nonexistent/bzImage', modules: [], relink: true };
    expect(() => bootGuest(kernel, '/nonexistent/init.cpio.gz', [], 20_000)).toThrow(GuestError);
    expect(() => bootGuest(kernel, '/nonexistent/init.cpio.gz', [], 20_000)).toThrow(/patched.*before finishing/);
  });
});
