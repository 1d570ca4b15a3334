#!/usr/bin/env bash
# The kernel half of the tests: Debian's stock 6.1 and our 6.1 with the relink series, under QEMU,
# against the model: 200 random traces of 30 calls on ext4, 48 on btrfs and on tmpfs, and every
# scenario (the relink ones, the VFS ones of scenarios/vfs/, and the relink= option's own cases
# of scenarios/relink-option/). Kernels are built or fetched
# once and cached (kernel-patches/README.md); any difference, or a kmemleak report on the patched
# kernel, fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh kernel
for kernel in debian patched; do
  ./bin/relinklab crosscheck --kernel "$kernel" --traces 200 --length 30
  ./bin/relinklab crosscheck --kernel "$kernel" --fs btrfs --traces 48 --length 30
  ./bin/relinklab crosscheck --kernel "$kernel" --fs tmpfs --traces 48 --length 30
  ./bin/relinklab crosscheck --kernel "$kernel" scenarios/*.yaml scenarios/vfs/*.yaml scenarios/relink-option/*.yaml
done
