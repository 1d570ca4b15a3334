#!/usr/bin/env bash
# The kernel half of the tests: Debian's stock 6.1, our 6.1 with the relink series, and the same
# with the options CRIU needs (`--kernel criu`, kernel-patches/build.sh --criu), under QEMU, each
# against the model on the same batch: 200 random traces of 30 calls on ext4 (4 KiB blocks), 48 on
# ext4 with 1 KiB blocks (docs/block-size.md), 48 on ext2 (the ext4 driver: docs/model.md), on
# btrfs and on tmpfs,
# and every scenario (the relink ones, the VFS ones of scenarios/vfs/, the relink= option's own
# cases of scenarios/relink-option/, the checkpoint/restart cases of scenarios/cr/ and the
# credential and permission cases of scenarios/creds/, whose tasks change their ids; a creds
# scenario no guest can run, a model-only kernel or call or other sysctls, is reported as not run
# or stops there with the reason). Kernels are built
# or fetched once and cached (kernel-patches/README.md). Any difference fails the run, and so does whatever the kernel says
# about a trace (src/crosscheck/klog.ts): a WARN, a lockdep report, a hung task or a trace that
# hung, a dentry still in use or a busy umount after it, a kmemleak report.
#
# Then the checker's own check: the broken kernel (the series plus kernel-patches/broken/, test-only
# faults) must fail on each fault's test input with that fault's classification, and the patched
# kernels must pass the same inputs (they run with the scenarios above). A crosscheck that passed
# the broken kernel would be a false "clean".
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh kernel
broken=(kernel-patches/broken/rlx-*.yaml)
for kernel in debian patched criu; do
  ./bin/relinklab crosscheck --kernel "$kernel" --traces 200 --length 30
  ./bin/relinklab crosscheck --kernel "$kernel" --blocksize 1024 --traces 48 --length 30
  ./bin/relinklab crosscheck --kernel "$kernel" --fs ext2 --traces 48 --length 30
  ./bin/relinklab crosscheck --kernel "$kernel" --fs btrfs --traces 48 --length 30
  ./bin/relinklab crosscheck --kernel "$kernel" --fs tmpfs --traces 48 --length 30
  ./bin/relinklab crosscheck --kernel "$kernel" scenarios/*.yaml scenarios/vfs/*.yaml scenarios/relink-option/*.yaml scenarios/cr/*.yaml scenarios/creds/*.yaml "${broken[@]}"
done
# CRIU in a guest (docs/criu.md), one boot each: criu check, and a task holding an unlinked file
# dumped (a ghost file) and restored, its data read back by the restored task, on Debian's 6.1; on
# the series' --criu kernel (criu-guest.sh calls it patched) the same, then relink: the file
# relinked before the dump, dumped as a link remap (no data copied), the same inode after restore.
scripts/criu-guest.sh debian check,ghost
scripts/criu-guest.sh patched check,ghost,relink

# `crosscheck --kernel broken --json INPUTS` must exit 1 and report, for each input named in
# EXPECT ("file=kind,kind;file=..."), a finding with at least those kinds; NOTRUN names inputs
# that must be reported as not run.
expect_broken() {
  local expect=$1 notrun=$2 out status=0
  shift 2
  out=$(./bin/relinklab crosscheck --kernel broken --json "$@") || status=$?
  if [ "$status" -ne 1 ]; then
    echo "crosscheck-ci: the broken kernel did not fail (exit $status) on $*" >&2
    echo "$out" >&2
    exit 1
  fi
  EXPECT="$expect" NOTRUN="$notrun" node -e '
    let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
      const r = JSON.parse(s); const bad = [];
      for (const e of process.env.EXPECT.split(";")) {
        const [file, kinds] = e.split("=");
        const f = r.kernelLog.findings.find((x) => x.where === `scenario ${file}`);
        if (f === undefined) { bad.push(`${file}: no finding`); continue; }
        for (const k of kinds.split(",")) if (!f.kinds.includes(k)) bad.push(`${file}: ${k} not in ${f.kinds.join(",")}`);
      }
      for (const n of process.env.NOTRUN.split(";").filter((x) => x !== ""))
        if (!r.kernelLog.notRun.includes(`scenario ${n}`)) bad.push(`${n}: not reported as not run`);
      if (bad.length > 0) { console.error(`crosscheck-ci: broken kernel: ${bad.join("; ")}`); process.exit(1); }
      console.log(`broken kernel: ${r.kernelLog.findings.map((f) => `${f.where}: ${f.kinds.join(",")}`).join("; ")}${r.kernelLog.notRun.length > 0 ? `; not run: ${r.kernelLog.notRun.join(", ")}` : ""}`);
    });' <<<"$out"
}
b=kernel-patches/broken
expect_broken "$b/rlx-warn.yaml=warning;$b/rlx-leak.yaml=dentry-in-use,busy-inodes;$b/rlx-busy.yaml=umount-busy" "" \
  "$b/rlx-warn.yaml" "$b/rlx-leak.yaml" "$b/rlx-busy.yaml"
# A hang: the guest's watchdog reboots it, and the scenario after it in the same boot never ran.
expect_broken "$b/rlx-hang.yaml=hung,lockdep,hung-task" "$b/rlx-warn.yaml" "$b/rlx-hang.yaml" "$b/rlx-warn.yaml"
