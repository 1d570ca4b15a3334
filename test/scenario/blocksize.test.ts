// A scenario's top-level blocksize: (mkfs -b of its root file system): the model boots with it,
// and crosscheck makes the guest's image with it.
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/parse.js';
import { runScenario } from '../../src/scenario/run.js';

const text = (header: string): string =>
  `name: holes\n${header}steps:\n  - {call: open, args: {path: /f, flags: O_RDWR|O_CREAT, mode: 0644}, expect: {ret: 3}}\n` +
  `  - {call: write, args: {fd: 3, data: "12345678"}, expect: {ret: 8}}\n` +
  `  - {call: ftruncate, args: {fd: 3, length: 10000}, expect: {ret: 0}}\n` +
  `  - {call: lseek, args: {fd: 3, offset: 0, whence: SEEK_HOLE}, expect: {ret: 1024}}\n`;

describe('scenario blocksize', () => {
  it('is the type default when absent: ext4 4096, so the 1 KiB expectation fails', () => {
    const sc = parseScenario(text('fs: ext4\n'), 'h.yaml');
    expect(sc.blocksize).toBe(4096);
    expect(runScenario(sc).steps.map((s) => s.ok)).toEqual([true, true, true, false]);
  });

  it('blocksize: 1024 boots ext4 with 1 KiB blocks, where the first hole after 8 bytes is at 1024', () => {
    const sc = parseScenario(text('fs: ext4\nblocksize: 1024\n'), 'h.yaml');
    expect(sc.blocksize).toBe(1024);
    expect(runScenario(sc).steps.map((s) => s.ok)).toEqual([true, true, true, true]);
  });

  it('a block size the file system cannot have is an input error naming the file and line', () => {
    expect(() => parseScenario(text('fs: tmpfs\nblocksize: 1024\n'), 'h.yaml')).toThrow(
      /h\.yaml:3: blocksize: tmpfs has 4096-byte blocks, not 1024/,
    );
  });
});
