/**
 * Comparing a call's outputs (beyond its return value) with the model's: the bytes read, a link's
 * text, every stat field the model knows, a directory's names. Inode and device numbers are
 * compared up to a consistent renaming (the model numbers its own).
 */
import type { World } from '../model/world.js';
import { bytesText, type StatOut, type SysResult } from './model-answers.js';
import type { Syscall } from '../model/syscall/syscall.js';
import type { ArgSpec } from '../model/syscall/spec.js';
import { descriptorOf, SYSCALLS } from '../model/syscall/table.js';
import { AT_EMPTY_PATH, AT_FDCWD, AT_SYMLINK_NOFOLLOW } from '../model/flags.js';
import { inodeAt } from './replay-world.js';
import { num, offsetAfter, str } from './args-values.js';
import type { StraceValue } from './strace-ast.js';
import { compareCredOutputs, isCredOut } from './replay-compare-creds.js';

/**
 * A one-to-one renaming between the model's numbers and the real ones (also scenario names for
 * the model's numbers, src/scenario/ids.ts, and the kernel's for the model's, crosscheck).
 */
export class Renaming<M, R> {
  private readonly realOf = new Map<M, R>();
  private readonly modelOf = new Map<R, M>();

  /** The real number paired with a model one, if any. */
  realFor(model: M): R | undefined {
    return this.realOf.get(model);
  }

  /** The model number paired with a real one, if any. */
  modelFor(real: R): M | undefined {
    return this.modelOf.get(real);
  }

  /** Forget the pair of a real number whose model side is gone (the kernel may reuse it). */
  forgetReal(real: R, stillLive: (m: M) => boolean): void {
    const m = this.modelOf.get(real);
    if (m !== undefined && !stillLive(m)) {
      this.modelOf.delete(real);
      this.realOf.delete(m);
    }
  }

  /** Forget every pair whose model side is gone. */
  forgetModelUnless(stillLive: (m: M) => boolean): void {
    for (const [m, r] of this.realOf) {
      if (stillLive(m)) continue;
      this.realOf.delete(m);
      this.modelOf.delete(r);
    }
  }

  /** Whether (model, real) is consistent with the pairs seen so far; records a new pair. */
  agrees(model: M, real: R): boolean {
    const knownReal = this.realOf.get(model);
    const knownModel = this.modelOf.get(real);
    if (knownReal === undefined && knownModel === undefined) {
      this.realOf.set(model, real);
      this.modelOf.set(real, model);
      return true;
    }
    return knownReal === real && knownModel === model;
  }
}

/** st_dev as the real system printed it (makedev(0xfe, 0), or statx's major and minor). */
function realDev(fields: Readonly<Record<string, StraceValue>>, statx: boolean): string | null {
  if (statx) {
    const major = num(fields['stx_dev_major']);
    const minor = num(fields['stx_dev_minor']);
    return major === null || minor === null ? null : `${major}:${minor}`;
  }
  const dev = fields['st_dev'];
  if (dev === undefined) return null;
  if (dev.kind === 'call' && dev.name === 'makedev') {
    const [major, minor] = dev.args.map((a) => num(a));
    return major === undefined || minor === undefined || major === null || minor === null ? null : `${major}:${minor}`;
  }
  const n = num(dev);
  return n === null ? null : String(n);
}

export class OutputComparer {
  private readonly inodes = new Renaming<number, number>();
  private readonly devs = new Renaming<number, string>();

  constructor(private readonly orderedNames: boolean) {}

  /**
   * Append the differences between the printed outputs and the model's to `diffs`. `modelIno`
   * is the model inode a stat call looked at (null when not a stat call or not found).
   */
  compare(
    w: World,
    sc: Syscall,
    args: readonly StraceValue[],
    r: Extract<SysResult, { ok: true }>,
    diffs: string[],
    realLink: (link: string) => string,
    realBufsiz: number,
  ): void {
    const out = descriptorOf(sc.call).out;
    if (out === undefined) return;
    if (out.kind === 'offsets') {
      this.compareOffsets(sc, args, r, diffs);
      return;
    }
    if (isCredOut(out)) {
      compareCredOutputs(out, args, r, diffs);
      return;
    }
    const shown = args[out.at];
    switch (out.kind) {
      case 'data':
        if (shown !== undefined && shown.kind === 'str' && r.data !== undefined) {
          // A byte past what strace showed tells an untruncated string from a longer read.
          const model = bytesText(r.data, shown.value.length + (shown.truncated ? 0 : 1));
          if (model !== shown.value) diffs.push(`read ${JSON.stringify(shown.value)}, model ${JSON.stringify(model)}`);
        }
        return;
      case 'link':
        if (shown !== undefined && shown.kind === 'str' && r.link !== undefined) {
          const model = realLink(r.link).slice(0, realBufsiz);
          const m = shown.truncated ? model.slice(0, shown.value.length) : model;
          if (m !== shown.value) diffs.push(`link ${JSON.stringify(shown.value)}, model ${JSON.stringify(m)}`);
        }
        return;
      case 'stat':
        if (shown === undefined || shown.kind !== 'struct' || r.stat === undefined) return;
        this.compareStat(w, shown.fields, sc.call === 'statx', r.stat, diffs);
        return;
      case 'dents': {
        if (shown === undefined || shown.kind !== 'array' || shown.truncated || r.dents === undefined) return;
        const real = shown.items.map((e) => (e.kind === 'struct' ? (str(e.fields['d_name']) ?? '?') : '?'));
        const model = r.dents.map((d) => d.d_name);
        const a = this.orderedNames ? real : [...real].sort();
        const b = this.orderedNames ? model : [...model].sort();
        if (a.join('\0') !== b.join('\0')) diffs.push(`names [${real.join(', ')}], model [${model.join(', ')}]`);
        return;
      }
    }
  }

  /**
   * Offsets written back through the copy calls' pointers: `[7] => [10]` (strace prints them when
   * they changed). The output offset is off_out's; every other pointer is the input's.
   */
  private compareOffsets(
    sc: Syscall,
    args: readonly StraceValue[],
    r: Extract<SysResult, { ok: true }>,
    diffs: string[],
  ): void {
    for (const a of SYSCALLS[sc.call].args as readonly ArgSpec[]) {
      if (a.kind !== 'offptr' || typeof a.at !== 'number') continue;
      const after = offsetAfter(args[a.at]);
      const model = a.name === 'off_out' ? r.offsets?.out : r.offsets?.in;
      if (after !== null && model !== undefined && after !== model) diffs.push(`offset ${after}, model ${model}`);
    }
  }

  /**
   * Every field the model knows: mode, nlink, size, uid, gid, and ino and dev up to renaming. The
   * model does not keep st_blocks or st_rdev (no block allocation, no device numbers), nor the
   * times. A /proc fd link's ino and dev are procfs's (the model answers 0 for both).
   */
  private compareStat(
    w: World,
    fields: Readonly<Record<string, StraceValue>>,
    statx: boolean,
    model: StatOut,
    diffs: string[],
  ): void {
    const p = statx ? 'stx_' : 'st_';
    const field = (name: string, modelValue: number, show: (n: number) => string = String): void => {
      const real = num(fields[`${p}${name}`]);
      if (real !== null && real !== modelValue) diffs.push(`${p}${name} ${show(real)}, model ${show(modelValue)}`);
    };
    const octal = (n: number): string => `0${n.toString(8)}`;
    field('mode', model.st_mode, octal);
    field('nlink', model.st_nlink);
    field('size', model.st_size);
    field('uid', model.st_uid);
    field('gid', model.st_gid);
    const procLink = model.st_ino === 0 && model.st_dev === 0;
    if (procLink) return;
    const ino = num(fields[`${p}ino`]);
    if (ino !== null) {
      const modelIno = modelInodeOfIno(w, model.st_dev, model.st_ino);
      this.inodes.forgetReal(ino, (m) => w.inodes[m] !== undefined);
      if (modelIno !== null && !this.inodes.agrees(modelIno, ino))
        diffs.push(`${p}ino ${ino} is not the inode the model has there`);
    }
    const dev = realDev(fields, statx);
    if (dev !== null && !this.devs.agrees(model.st_dev, dev))
      diffs.push(`${p}dev ${dev} is not the file system the model has there`);
  }
}

/** The model inode with this st_dev and st_ino (inode numbers are per superblock). */
function modelInodeOfIno(w: World, dev: number, ino: number): number | null {
  for (const inode of Object.values(w.inodes)) {
    if (inode.i_ino === ino && w.superblocks[inode.i_sb]?.s_dev === dev) return inode.id;
  }
  return null;
}

/** The model inode a stat call looked at (after it ran: the names are unchanged by stat). */
export function statInode(w: World, pid: number, sc: Syscall, fdInode: (fd: number) => number | null): number | null {
  if (sc.call === 'fstat') return fdInode(sc.fd);
  if (sc.call !== 'stat' && sc.call !== 'lstat' && sc.call !== 'newfstatat' && sc.call !== 'statx') return null;
  const dfd = 'dirfd' in sc ? sc.dirfd : AT_FDCWD;
  const flags = 'flags' in sc ? sc.flags : 0;
  const follow = sc.call !== 'lstat' && (flags & AT_SYMLINK_NOFOLLOW) === 0;
  return inodeAt(w, pid, dfd, sc.path, { follow, emptyPath: (flags & AT_EMPTY_PATH) !== 0 });
}
