// A scenario's top-level sysctl: (the fs.protected_* sysctls, by sysctl(8)'s names): the machine
// boots with them over Debian 12's boot values.
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/parse.js';
import { runScenario } from '../../src/scenario/run.js';

/** Root opens with O_CREAT a file 1001 owns in root's sticky, world-writable /s (like /tmp). */
const text = (header: string): string =>
  `name: sticky\nkernel: mainline\n${header}steps:\n` +
  `  - {call: mkdir, args: {path: /s, mode: 0755}, expect: {ret: 0}}\n` +
  `  - {call: chmod, args: {path: /s, mode: 01777}, expect: {ret: 0}}\n` +
  `  - {call: open, args: {path: /s/r, flags: O_RDWR|O_CREAT, mode: 0666}, expect: {ret: 3}}\n` +
  `  - {call: fchown, args: {fd: 3, owner: 1001, group: 1001}, expect: {ret: 0}}\n` +
  `  - {call: open, args: {path: /s/r, flags: O_RDWR|O_CREAT, mode: 0666}, expect: {ret: 4}}\n`;

const oks = (header: string): boolean[] => runScenario(parseScenario(text(header), 's.yaml')).steps.map((s) => s.ok);

describe('scenario sysctl:', () => {
  it('is empty when absent, and the machine boots as Debian 12 does: protected_regular=2 refuses root', () => {
    const sc = parseScenario(text(''), 's.yaml');
    expect(sc.sysctl).toEqual({});
    expect(runScenario(sc).initial.sysctl.protected_regular).toBe(2);
    expect(oks('')).toEqual([true, true, true, true, false]);
  });

  it('sets the values it names, over Debian’s: fs.protected_regular: 0 lets the open through', () => {
    const sc = parseScenario(text('sysctl: {fs.protected_regular: 0}\n'), 's.yaml');
    expect(sc.sysctl).toEqual({ protected_regular: 0 });
    expect(sc.sysctlLine).toBe(3);
    expect(runScenario(sc).initial.sysctl).toMatchObject({ protected_regular: 0, protected_fifos: 1 });
    expect(oks('sysctl: {fs.protected_regular: 0}\n')).toEqual([true, true, true, true, true]);
  });

  it('takes a block mapping too', () => {
    const sc = parseScenario(text('sysctl:\n  fs.protected_regular: 1\n  fs.protected_symlinks: 0\n'), 's.yaml');
    expect(sc.sysctl).toEqual({ protected_regular: 1, protected_symlinks: 0 });
  });

  it('refuses a name it does not know and a value proc_dointvec_minmax would, naming the line', () => {
    expect(() => parseScenario(text('sysctl: {fs.protected_links: 1}\n'), 's.yaml')).toThrow(
      /s\.yaml:3: sysctl: unknown sysctl "fs\.protected_links" \(fs\.protected_symlinks, fs\.protected_hardlinks, fs\.protected_fifos, fs\.protected_regular\)/,
    );
    expect(() => parseScenario(text('sysctl: {fs.protected_hardlinks: 2}\n'), 's.yaml')).toThrow(
      /s\.yaml:3: sysctl: fs\.protected_hardlinks takes an integer from 0 to 1, not 2/,
    );
    expect(() => parseScenario(text('sysctl: 1\n'), 's.yaml')).toThrow(/s\.yaml:3: sysctl: must be a mapping/);
  });
});
