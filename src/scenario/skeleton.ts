/**
 * The scenario `relinklab new` writes: every top-level key and step kind in use or shown in a
 * comment, runnable as it is (test/cli/new.test.ts runs it), for a student to change step by step.
 */

/** A commented scenario named `name` that parses and whose every step goes as expected. */
export function scenarioSkeleton(name: string): string {
  return `# A relinklab scenario: steps run in order on the model, every expectation checked.
# Run it:      ./bin/relinklab run FILE      (explain, render and report read it too)
# The format, every step kind, call and expect field: docs/scenario-format.md
name: ${name}
description: |
  One or two sentences for the class: what this scenario shows.
# kernel: relink      # a kernel variant (relink: the series; mainline: without it)
# fs: ext4            # the root file system: ext4, ext3, ext2, btrfs or tmpfs
# blocksize: 4096     # mkfs -b; the file system type's default when absent
# sysctl: {fs.protected_regular: 2}   # fs.protected_* over Debian 12's boot values
steps:
  # A call step: {pid: N (default 1), call: NAME, args: {...}, expect: {...}, note: TEXT}.
  # Argument names are the kernel's (docs/scenario-format.md lists them per call).
  - {call: mkdir, args: {path: /ckpt, mode: 0700}}
  # The relink= mount option names relink_dir (patch 07); it must be private to root.
  - {call: mount, args: {source: "", target: /, fstype: "", flags: MS_REMOUNT, data: "relink=/ckpt"}}
  - {call: fork, args: {child: 2}}
  # expect: any of ret, errno, st_nlink, st_size, data, names...; a note is shown by run, explain and report.
  - {pid: 2, call: open, args: {path: /file, flags: O_RDWR|O_CREAT, mode: 0644}, expect: {ret: 3}}
  - {pid: 2, call: write, args: {fd: 3, data: "hello\\n"}, expect: {ret: 6}}
  - {pid: 2, call: unlink, args: {path: /file}, expect: {ret: 0}}
  - {pid: 2, call: fstat, args: {fd: 3}, expect: {ret: 0, st_nlink: 0}, note: open but nameless}
  # checkpoint: {pids: [...], strategy: relink|copy|link-remap|search|handle}; expect: ok or {errno: E...}.
  - {checkpoint: {pids: [2]}, expect: ok}
  # assert: the names in a directory of pid 1's view, as a list (names:) or a number (count:).
  - {assert: {dir: /ckpt, count: 1}, note: the relinked name}
  - {kill: [2]}
  # backup: the root file system copied to a fresh machine.
  - {backup: {}}
  - {restart: {}, expect: ok}
  - {pid: 2, call: pread64, args: {fd: 3, count: 64, offset: 0}, expect: {ret: 6, data: "hello\\n"}}
  - {assert: {dir: /ckpt, names: []}, note: restart unlinked the relinked name again}
`;
}
