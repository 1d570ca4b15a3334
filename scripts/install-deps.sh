#!/usr/bin/env bash
# Install the Debian packages a relinklab job needs, idempotently: only missing packages are
# fetched, and apt's index is refreshed only when something is missing.
#   scripts/install-deps.sh corpus   strace and gcc (recording the strace corpus)
#   scripts/install-deps.sh kernel   kernel build and QEMU harness
#   scripts/install-deps.sh browser  headless Chromium (the report's browser test)
#   scripts/install-deps.sh bench    spin and gcc (the SPIN peer of npm run bench)
#   scripts/install-deps.sh dist     GNU parallel (the distributed search's runner on one machine, and its test)
#   scripts/install-deps.sh font     DejaVu Sans and fontTools (scripts/make-report-font.sh, the report's embedded face)
#   scripts/install-deps.sh source   Debian's linux-source-6.1, which the kernel citations are checked against
#   scripts/install-deps.sh criu     the CRIU guest: QEMU, busybox, cpio, mkfs.ext4, gcc and readelf
#                                    (criu itself is downloaded into the guest, never installed)
set -euo pipefail

declare -A GROUPS_PKGS=(
  [corpus]="strace gcc libc6-dev coreutils"
  [browser]="chromium fonts-dejavu-core"
  [bench]="spin gcc libc6-dev"
  [dist]="parallel"
  [font]="fonts-dejavu-core python3-fonttools"
  [criu]="qemu-system-x86 busybox-static cpio e2fsprogs gcc libc6-dev binutils"
  [source]="linux-source-6.1 xz-utils patch"
  [kernel]="qemu-system-x86 busybox-static linux-source-6.1 build-essential bc flex bison libelf-dev xz-utils e2fsprogs btrfs-progs cpio"
)

if [ $# -eq 0 ]; then
  echo "usage: scripts/install-deps.sh corpus|kernel|source|browser|bench|dist|criu|font..." >&2
  exit 2
fi

missing=()
for group in "$@"; do
  pkgs=${GROUPS_PKGS[$group]:-}
  if [ -z "$pkgs" ]; then
    echo "scripts/install-deps.sh: unknown group '$group' (known: ${!GROUPS_PKGS[*]})" >&2
    exit 2
  fi
  for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
done

[ ${#missing[@]} -eq 0 ] && exit 0

sudo_cmd=()
[ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
echo "relinklab: installing ${missing[*]}" >&2
"${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
"${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
