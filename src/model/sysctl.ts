/**
 * The sysctls the model's rules read: fs/namei.c's namei_sysctls, the fs.protected_* family. They
 * are world state, not a kernel variant's code: the administrator (sysctl(8), systemd-sysctl at
 * boot) sets them, so a scenario, a native trace's header or `replay --sysctl` chooses them, and
 * every boot names the values it starts with.
 */

/** fs/namei.c: namei_sysctls, by procname (sysctl(8) calls them fs.<procname>). */
export interface Sysctls {
  /** 0 or 1: may_follow_link refuses a trailing symlink in a sticky world-writable directory. */
  readonly protected_symlinks: number;
  /** 0 or 1: may_linkat refuses linking another's file that is not a safe source. */
  readonly protected_hardlinks: number;
  /** 0, 1 or 2: may_create_in_sticky refuses an O_CREAT open of another's fifo. */
  readonly protected_fifos: number;
  /** 0, 1 or 2: may_create_in_sticky refuses an O_CREAT open of another's regular file. */
  readonly protected_regular: number;
}

export type SysctlName = keyof Sysctls;

/** The largest value each takes: namei_sysctls' extra2 (SYSCTL_ONE, SYSCTL_TWO); extra1 is 0. */
export const SYSCTL_MAX: Readonly<Record<SysctlName, number>> = {
  protected_symlinks: 1,
  protected_hardlinks: 1,
  protected_fifos: 2,
  protected_regular: 2,
};

export const SYSCTL_NAMES = Object.keys(SYSCTL_MAX) as readonly SysctlName[];

/**
 * Debian's 6.1 kernel before user space writes any: fs/namei.c of linux-source-6.1 (lines
 * 1028-1031), where Debian's patch fs-enable-link-security-restrictions-by-default sets symlinks
 * and hardlinks to 1 (upstream's are 0) and fifos and regular stay 0. The QEMU guests run so: their
 * init (kernel-patches/harness/init) writes none of them.
 */
export const KERNEL_BOOT_SYSCTLS: Sysctls = {
  protected_symlinks: 1,
  protected_hardlinks: 1,
  protected_fifos: 0,
  protected_regular: 0,
};

/**
 * Debian 12 as it boots: the kernel's values, then systemd-sysctl applies
 * /usr/lib/sysctl.d/99-protect-links.conf from procps (2:3.3.16-1, Debian bug #914859), which sets
 * fifos to 1 and regular to 2 (and symlinks and hardlinks to 1 again). Debian's systemd 252 ships
 * no 50-default.conf that would set them. This is the model's default world: the machine the
 * relink series and its checkpoint/restart run on is a booted Debian, not a bare kernel.
 */
export const DEBIAN_BOOT_SYSCTLS: Sysctls = {
  protected_symlinks: 1,
  protected_hardlinks: 1,
  protected_fifos: 1,
  protected_regular: 2,
};

/** The name sysctl(8) uses, `fs.protected_regular`. */
export const sysctlPath = (name: SysctlName): string => `fs.${name}`;

/** A sysctl(8) name, `fs.protected_regular`, as the model's key; null for any other. */
export function sysctlKey(path: string): SysctlName | null {
  const name = path.startsWith('fs.') ? path.slice(3) : '';
  return (SYSCTL_NAMES as readonly string[]).includes(name) ? (name as SysctlName) : null;
}

/**
 * Settings given as sysctl(8) names and values, checked as proc_dointvec_minmax checks a write (an
 * integer from 0 to the sysctl's extra2; anything else is refused with EINVAL): the settings, or
 * the reason they are refused.
 */
export function parseSysctls(entries: Iterable<readonly [string, unknown]>): Partial<Sysctls> | string {
  const out: Partial<Record<SysctlName, number>> = {};
  for (const [path, v] of entries) {
    const name = sysctlKey(path);
    if (name === null) return `unknown sysctl ${JSON.stringify(path)} (${SYSCTL_NAMES.map(sysctlPath).join(', ')})`;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > SYSCTL_MAX[name])
      return `${path} takes an integer from 0 to ${SYSCTL_MAX[name]}, not ${JSON.stringify(v)}`;
    out[name] = v;
  }
  return out;
}

/** `fs.protected_regular=2, ...` for reports, in namei_sysctls' order. */
export function renderSysctls(s: Partial<Sysctls>): string {
  return SYSCTL_NAMES.filter((n) => s[n] !== undefined)
    .map((n) => `${sysctlPath(n)}=${s[n]}`)
    .join(', ');
}
