/**
 * The programs the kernel cross-checks run, installed on first use. A tool not on PATH makes
 * scripts/install-deps.sh install its group's Debian packages (what CI and kernel-patches/build.sh
 * do); a tool still missing after that is a GuestError naming it and the command that installs it,
 * which the CLI prints as its one line (docs/exit-status.md: the environment, not a result).
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { GuestError } from '../model/errors.js';
import { packageFile } from './package-root.js';

/** scripts/install-deps.sh's groups that provide these tools. */
export type DepsGroup = 'corpus' | 'kernel';

/** The host target: gcc builds the static executor (host.ts buildStatic). */
export const HOST_TOOLS: readonly string[] = ['gcc'];

/**
 * The QEMU targets: the emulator, busybox for the initramfs, mkfs for the disk images, cpio and
 * gzip to pack the initramfs (qemu.ts), gcc for the executor, make for the kernel build (build.sh).
 */
export const QEMU_TOOLS: readonly string[] = [
  'qemu-system-x86_64',
  'busybox',
  'mkfs.ext4',
  'mkfs.btrfs',
  'cpio',
  'gzip',
  'gcc',
  'make',
];

/** Whether `tool` is an executable file in one of PATH's folders, as execFileSync would find it. */
export function onPath(tool: string, path: string = process.env['PATH'] ?? ''): boolean {
  return path
    .split(delimiter)
    .filter((dir) => dir !== '')
    .some((dir) => {
      try {
        accessSync(join(dir, tool), constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
}

/** How an install attempt ended: its exit status, or why it could not start. */
export type InstallOutcome = { readonly status: number } | { readonly error: string };

/** The installer's command line, as the message names it. */
export const installCommand = (group: DepsGroup): string => `${packageFile('scripts/install-deps.sh')} ${group}`;

/** Run scripts/install-deps.sh for `group`; its output goes to stderr (stdout is the command's answer). */
export function installDeps(group: DepsGroup): InstallOutcome {
  const r = spawnSync(packageFile('scripts/install-deps.sh'), [group], { stdio: ['ignore', 2, 'inherit'] });
  if (r.error !== undefined) return { error: r.error.message };
  if (r.status === null) return { error: `killed by ${r.signal ?? 'a signal'}` };
  return { status: r.status };
}

/**
 * Make sure every tool is on PATH, installing `group` once if one is not.
 * @throws GuestError naming the tools still missing and the install command.
 */
export function requireTools(
  tools: readonly string[],
  group: DepsGroup,
  install: (group: DepsGroup) => InstallOutcome = installDeps,
  path: string = process.env['PATH'] ?? '',
): void {
  if (tools.every((t) => onPath(t, path))) return;
  const outcome = install(group);
  const missing = tools.filter((t) => !onPath(t, path));
  if (missing.length === 0) return;
  const how =
    'error' in outcome
      ? `could not run (${outcome.error})`
      : outcome.status === 0
        ? `ran, but did not put ${missing.length === 1 ? 'it' : 'them'} on PATH`
        : `failed (exit ${outcome.status})`;
  throw new GuestError(
    `${missing.join(', ')} not found on PATH, and \`${installCommand(group)}\` ${how}; ` +
      'it installs the Debian packages with apt-get, as root or through sudo',
  );
}
