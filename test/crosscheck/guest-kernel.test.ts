// Loading Debian's kernel modules in an order insmod accepts: dependencies first. The kernels
// kernel-patches/build.sh builds, each reachable by a name.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILT_KERNELS, moduleDepends, moduleOrder } from '../../src/crosscheck/guest-kernel.js';

/** A stand-in .ko: only its .modinfo strings matter here. */
function fakeModules(mods: Record<string, string[]>): string {
  const dir = mkdtempSync(join(tmpdir(), 'relinklab-ko-'));
  for (const [name, deps] of Object.entries(mods)) {
    const sub = join(dir, 'kernel', name.length % 2 === 0 ? 'fs' : 'lib');
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `${name}.ko`), `\x7fELF\0license=GPL\0depends=${deps.join(',')}\0vermagic=6.1\0`, 'latin1');
  }
  return dir;
}

describe('Debian kernel modules', () => {
  it('reads the depends= field of a module', () => {
    expect(moduleDepends(Buffer.from('\0name=ext4\0depends=jbd2,mbcache,crc16\0', 'latin1'))).toEqual([
      'jbd2',
      'mbcache',
      'crc16',
    ]);
    expect(moduleDepends(Buffer.from('\0depends=\0', 'latin1'))).toEqual([]);
  });

  it('orders modules after everything they depend on, each once', () => {
    const dir = fakeModules({
      ext4: ['jbd2', 'mbcache'],
      jbd2: [],
      mbcache: [],
      virtio_blk: ['virtio', 'virtio_ring'],
      virtio: ['virtio_ring'],
      virtio_ring: [],
    });
    const order = moduleOrder(dir, ['virtio_blk', 'ext4']).map((p) => basename(p, '.ko'));
    expect(order).toEqual(['virtio_ring', 'virtio', 'virtio_blk', 'jbd2', 'mbcache', 'ext4']);
  });

  it('names a module that is missing', () => {
    const dir = fakeModules({ ext4: ['jbd2'] });
    expect(() => moduleOrder(dir, ['ext4'])).toThrow(/module jbd2 is not in/);
  });
});

describe('the kernels build.sh builds', () => {
  /** The flags kernel-patches/build.sh's usage line accepts ("" for none: the patched kernel). */
  const usage = /usage: kernel-patches\/build\.sh \[([^\]]*)\]/.exec(
    readFileSync('kernel-patches/build.sh', 'utf8'),
  )?.[1];

  it('each flavour build.sh offers is a kernel crosscheck can boot, by one name', () => {
    const offered = ['', ...(usage ?? '').split('|')].sort();
    const named = Object.values(BUILT_KERNELS)
      .map((k) => k.flags.join(' '))
      .sort();
    expect(named).toEqual(offered);
  });

  it('the CRIU flavour has the relink series', () => {
    expect(BUILT_KERNELS.criu).toMatchObject({ flags: ['--criu'], relink: true });
  });
});
