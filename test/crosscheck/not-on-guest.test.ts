// crosscheck runs a scenario on a QEMU guest only when the guest can be its machine: not for a
// model-only kernel, nor for fs.protected_* sysctls other than those the guest boots with (its
// kernel's own: the harness's init writes none); the lowering boots the model as the guest.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { notOnGuest } from '../../src/crosscheck/scenarios.js';
import { KERNEL_BOOT_SYSCTLS } from '../../src/model/sysctl.js';
import { parseScenario, readScenario } from '../../src/scenario/parse.js';
import { lowerScenario } from '../../src/scenario/lower.js';

/** Root opens with O_CREAT a file 1001 owns in root's sticky, world-writable /s (like /tmp). */
const text = (header: string): string =>
  `name: sticky\nkernel: mainline\n${header}steps:\n` +
  `  - {call: mkdir, args: {path: /s, mode: 0755}, expect: {ret: 0}}\n` +
  `  - {call: chmod, args: {path: /s, mode: 01777}, expect: {ret: 0}}\n` +
  `  - {call: open, args: {path: /s/r, flags: O_RDWR|O_CREAT, mode: 0666}, expect: {ret: 3}}\n` +
  `  - {call: fchown, args: {fd: 3, owner: 1001, group: 1001}, expect: {ret: 0}}\n` +
  `  - {call: open, args: {path: /s/r, flags: O_RDWR|O_CREAT, mode: 0666}, expect: {ret: 4}}\n`;

describe('a scenario on a QEMU guest', () => {
  it('runs a scenario that sets none, lowered with the sysctls the guest boots with', () => {
    const sc = parseScenario(text(''), 's.yaml');
    expect(notOnGuest(sc)).toBeNull();
    // The guest's kernel leaves protected_regular at 0: the second open succeeds there.
    const lowered = lowerScenario(sc, 'mainline', KERNEL_BOOT_SYSCTLS);
    expect(lowered.calls.at(-1)?.expected).toEqual({ ret: 4 });
  });

  it('runs one that sets only what the guest has, and stops one that sets anything else at its sysctl: line', () => {
    expect(notOnGuest(parseScenario(text('sysctl: {fs.protected_regular: 0}\n'), 's.yaml'))).toBeNull();
    expect(notOnGuest(parseScenario(text('sysctl: {fs.protected_regular: 2}\n'), 's.yaml'))).toEqual({
      line: 3,
      why: 'it sets fs.protected_regular=2; the guest boots with fs.protected_regular=0',
    });
  });

  it('stops a scenario of a model-only kernel at its first line', () => {
    const sc = parseScenario(text('').replace('kernel: mainline', 'kernel: mainline-6.10'), 's.yaml');
    expect(notOnGuest(sc)).toEqual({
      line: 1,
      why: 'kernel mainline-6.10 is model-only: no QEMU kernel has its rules',
    });
  });
});

describe('the scenarios scripts/crosscheck-ci.sh runs on both QEMU kernels', () => {
  const root = join(import.meta.dirname, '..', '..');
  const dirs = [
    'scenarios',
    'scenarios/vfs',
    'scenarios/relink-option',
    'scenarios/cr',
    'scenarios/creds',
    'kernel-patches/broken',
  ];
  /** The credential scenarios of a machine no guest is: the run reports them as not run, saying why. */
  const noGuest = ['scenarios/creds/flink-6.10.yaml', 'scenarios/creds/protected-create-debian.yaml'];
  const files = dirs.flatMap((d) =>
    readdirSync(join(root, d))
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => join(d, f)),
  );

  it.each(files.filter((f) => !noGuest.includes(f)))(
    '%s is a machine a guest can be (no model-only kernel, the guest’s sysctls)',
    (f) => {
      expect(notOnGuest(readScenario(join(root, f)))).toBeNull();
    },
  );

  it.each(noGuest)('%s is not, and is reported as not run', (f) => {
    expect(notOnGuest(readScenario(join(root, f)))).not.toBeNull();
  });
});
