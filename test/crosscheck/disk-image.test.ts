// The guest's pristine images are made with the block size the model boots with (FS_TYPES), given
// to mkfs explicitly: a 32 MiB ext4 without -b would get mke2fs.conf's "small" 1 KiB blocks.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diskImage } from '../../src/crosscheck/qemu.js';
import { GuestError } from '../../src/model/errors.js';
import { defaultBlocksize } from '../../src/model/fstype.js';

const cache = mkdtempSync(join(tmpdir(), 'relinklab-images-'));
process.env['RELINKLAB_CACHE'] = cache;
afterAll(() => rmSync(cache, { recursive: true, force: true }));

const ext4BlockSize = (img: string): number => {
  const head = execFileSync('dumpe2fs', ['-h', img], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return Number(/^Block size:\s+(\d+)/m.exec(head)?.[1]);
};

describe('the guest disk images', () => {
  it('ext4 without a block size gets the model default, not the small profile', () => {
    expect(ext4BlockSize(diskImage('ext4'))).toBe(defaultBlocksize('ext4'));
    expect(defaultBlocksize('ext4')).toBe(4096);
  });

  it('ext4 with 1 KiB blocks is a separate image with 1 KiB blocks', () => {
    const img = diskImage('ext4', 1024);
    expect(img).not.toBe(diskImage('ext4'));
    expect(ext4BlockSize(img)).toBe(1024);
  });

  it('a block size the type cannot have is refused before mkfs runs', () => {
    expect(() => diskImage('btrfs', 1024)).toThrow(GuestError);
  });
});
