/**
 * The 6.1 kernels the QEMU harness boots: Debian's stock kernel (the unpatched oracle, unpacked
 * from its .deb by kernel-patches/debian-kernel.sh, with the modules it needs), and the minimal
 * kernels kernel-patches/build.sh builds from linux-source-6.1 (BUILT_KERNELS).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GuestError } from '../model/errors.js';
import { packageFile } from './package-root.js';
import { QEMU_TOOLS, requireTools } from './tools.js';

/**
 * The kernels kernel-patches/build.sh builds, by the name `crosscheck --kernel` knows each by: the
 * flag that selects it, whether it has the relink series (the model variant to compare with), and
 * what `--help` says of it. `broken` must fail the cross-check on each of its faults
 * (scripts/crosscheck-ci.sh); `criu` merges kernel-patches/criu/config-fragment (docs/criu.md).
 */
export const BUILT_KERNELS = {
  minimal: { flags: ['--unpatched'], relink: false, about: 'our 6.1 debug build: lockdep, kmemleak' },
  patched: { flags: [], relink: true, about: 'the same with the relink series' },
  broken: {
    flags: ['--broken'],
    relink: true,
    about: 'patched plus test-only faults: the kernel-log checks must fail on it',
  },
  criu: { flags: ['--criu'], relink: true, about: 'patched plus the options CRIU needs' },
} as const satisfies Readonly<
  Record<string, { readonly flags: readonly string[]; readonly relink: boolean; readonly about: string }>
>;
type BuiltKernelName = keyof typeof BUILT_KERNELS;

export type GuestKernelName = 'debian' | BuiltKernelName;
export const GUEST_KERNELS: readonly GuestKernelName[] = [
  'debian',
  ...(Object.keys(BUILT_KERNELS) as BuiltKernelName[]),
];

/** Each guest kernel by name, with what it is, for `--help`. */
export const GUEST_KERNELS_ABOUT = [
  "debian (Debian's stock 6.1)",
  ...Object.entries(BUILT_KERNELS).map(([name, k]) => `${name} (${k.about})`),
].join(', ');

export interface GuestKernel {
  readonly name: GuestKernelName;
  readonly image: string;
  /** Modules to insmod, in dependency order (Debian's kernel has ext4, btrfs and virtio as modules). */
  readonly modules: readonly string[];
  /** Whether the kernel has the relink series (the model variant to compare with). */
  readonly relink: boolean;
}

/** Run a kernel-patches script; its last line of output is the path it made. */
function script(name: string, args: readonly string[] = []): string {
  try {
    return execFileSync(packageFile(`kernel-patches/${name}`), args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    })
      .trim()
      .split('\n')
      .at(-1) as string;
  } catch (e) {
    throw new GuestError(`kernel-patches/${name} failed: ${(e as Error).message.split('\n')[0] ?? ''}`);
  }
}

/**
 * Module load order for Debian's kernel: the package ships no modules.dep and busybox's insmod
 * resolves nothing, so the closure of each wanted module's `depends=` (from its .modinfo
 * section) is loaded first. crc32c_generic comes first: libcrc32c and ext4 ask the crypto API
 * for crc32c at load time and fail to mount without it.
 */
const DEBIAN_MODULES = ['crc32c_generic', 'virtio_pci', 'virtio_blk', 'ext4', 'btrfs'] as const;

function findModules(dir: string, found = new Map<string, string>()): Map<string, string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) findModules(p, found);
    else if (e.name.endsWith('.ko')) found.set(e.name.slice(0, -3).replace(/-/g, '_'), p);
  }
  return found;
}

/** The `depends=` field of a module's .modinfo section. */
export function moduleDepends(ko: Buffer): string[] {
  const m = /\0depends=([A-Za-z0-9_,-]*)\0/.exec(ko.toString('latin1'));
  return (m?.[1] ?? '').split(',').filter((d) => d !== '');
}

export function moduleOrder(modulesDir: string, wanted: readonly string[]): string[] {
  const all = findModules(modulesDir);
  const order: string[] = [];
  const visit = (name: string, chain: readonly string[]): void => {
    const file = all.get(name);
    if (file === undefined) throw new GuestError(`module ${name} is not in ${modulesDir}`);
    if (order.includes(file)) return;
    if (chain.includes(name)) throw new GuestError(`module dependency cycle: ${[...chain, name].join(' -> ')}`);
    for (const d of moduleDepends(readFileSync(file))) visit(d.replace(/-/g, '_'), [...chain, name]);
    order.push(file);
  };
  for (const w of wanted) visit(w, []);
  return order;
}

export function guestKernel(name: GuestKernelName): GuestKernel {
  requireTools(QEMU_TOOLS, 'kernel');
  if (name === 'debian') {
    const root = script('debian-kernel.sh');
    const vmlinuz = readdirSync(join(root, 'boot')).find((f) => f.startsWith('vmlinuz-'));
    if (vmlinuz === undefined) throw new GuestError(`no vmlinuz in ${root}/boot`);
    const release = vmlinuz.slice('vmlinuz-'.length);
    const modulesDir = join(root, 'lib', 'modules', release);
    if (!existsSync(modulesDir)) throw new GuestError(`no modules for ${release} in ${root}`);
    return {
      name,
      image: join(root, 'boot', vmlinuz),
      modules: moduleOrder(modulesDir, DEBIAN_MODULES),
      relink: false,
    };
  }
  const built = BUILT_KERNELS[name];
  return { name, image: script('build.sh', built.flags), modules: [], relink: built.relink };
}
