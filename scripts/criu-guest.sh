#!/usr/bin/env bash
# Boot the CRIU guest (kernel-patches/criu/init, docs/criu.md) on a 6.1 kernel under QEMU (TCG) and
# judge what it prints:
#   scripts/criu-guest.sh debian|patched STEP[,STEP...]     STEP: check, ghost, relink, bench
# debian is Debian's stock 6.1 (kernel-patches/debian-kernel.sh) with the modules criu needs;
# patched is the series with CRIU's options (kernel-patches/build.sh --criu). The initramfs (criu
# and its libraries from fetch-criu.sh, busybox, the static helpers, the modules) and an empty
# ext4 image are cached under ${RELINKLAB_CACHE:-/var/cache/relinklab}/criu, keyed by their inputs.
# scripts/criu-judge.sh gives the verdicts: exit 0 when every step passed, 1 when one failed, 2
# when the guest could not be built or never finished (a guest that stalls is booted once more
# first). RELINKLAB_CONSOLE=FILE appends the console output to FILE. bench (kernel-patches/criu/
# bench.sh) measures the sizes and repetitions of RELINKLAB_CRIU_BENCH=MIB[,MIB...]:REPS (default
# 1,16,256,1024:3) on a 4 GiB sparse disk (a 1 GiB file, its dd copy or ghost image, and the ghost
# file restored), with 2 GiB of RAM.
set -euo pipefail
cd "$(dirname "$0")/.."
cache=${RELINKLAB_CACHE:-/var/cache/relinklab}
here=kernel-patches/criu
if [ $# -ne 2 ] || ! [[ $1 =~ ^(debian|patched)$ ]] || ! [[ $2 =~ ^(check|ghost|relink|bench)(,(check|ghost|relink|bench))*$ ]]; then
  echo "usage: scripts/criu-guest.sh debian|patched STEP[,STEP...]   (STEP: check, ghost, relink, bench)" >&2
  exit 2
fi
kernel=$1 steps=$2
bench=${RELINKLAB_CRIU_BENCH:-1,16,256,1024:3}
[[ $bench =~ ^[0-9]+(,[0-9]+)*:[0-9]+$ ]] || { echo "criu-guest: RELINKLAB_CRIU_BENCH=$bench is not MIB[,MIB...]:REPS" >&2; exit 2; }

scripts/install-deps.sh criu >&2
crootfs=$("$here/fetch-criu.sh")
modules=()
if [ "$kernel" = debian ]; then
  kdir=$(kernel-patches/debian-kernel.sh)
  image=$(ls "$kdir"/boot/vmlinuz-*)
  moddir=$(ls -d "$kdir"/lib/modules/*)
  # Debian ships no modules.dep, and busybox's insmod resolves nothing: each wanted module after
  # the closure of its .modinfo depends=. crc32c_generic first: ext4 needs the algorithm, which
  # no depends= names. nfnetlink and nf_tables, or every criu command fails (docs/criu.md).
  declare -A modpath=() placed=()
  while IFS= read -r f; do n=$(basename "$f" .ko); modpath[${n//-/_}]=$f; done < <(find "$moddir" -name '*.ko')
  place() {
    local n=$1 f d
    [ -n "${placed[$n]:-}" ] && return 0
    f=${modpath[$n]:-}
    [ -n "$f" ] || { echo "criu-guest: module $n is not in $moddir" >&2; exit 2; }
    placed[$n]=1
    for d in $(tr '\0' '\n' < "$f" | sed -n 's/^depends=//p' | tr , ' '); do place "${d//-/_}"; done
    modules+=("$f")
  }
  for n in crc32c_generic virtio_pci virtio_blk ext4 unix_diag inet_diag tcp_diag udp_diag raw_diag \
           netlink_diag af_packet_diag veth tun nfnetlink nf_tables autofs4; do
    place "$n"
  done
else
  image=$(kernel-patches/build.sh --criu)
fi

mkdir -p "$cache/criu/initramfs"
key=$( { echo "$crootfs"; busybox | head -1; printf '%s\n' "${modules[@]}";
         cat "$here/init" "$here/criu-holder.c" "$here/criu-relink.c" "$here/relink-action.sh" "$here/bench.sh" "$here/rlx-clock.c" "$0"; } |
       sha256sum | cut -c1-16)
initrd="$cache/criu/initramfs/$key.cpio.gz"
if [ ! -f "$initrd" ]; then
  stage=$(mktemp -d "$cache/criu/initramfs/stage.XXXXXX")
  trap 'rm -rf "$stage"' EXIT
  mkdir -p "$stage/root/bin" "$stage/root/dev" "$stage/root/proc" "$stage/root/sys" "$stage/root/modules"
  cp -a "$crootfs/." "$stage/root/"
  cp "$(command -v busybox)" "$stage/root/bin/busybox"
  ln -s busybox "$stage/root/bin/sh"
  gcc -static -O2 -Wall -Wextra -Werror -o "$stage/root/bin/criu-holder" "$here/criu-holder.c"
  gcc -static -O2 -Wall -Wextra -Werror -o "$stage/root/bin/criu-relink" "$here/criu-relink.c"
  gcc -static -O2 -Wall -Wextra -Werror -o "$stage/root/bin/rlx-clock" "$here/rlx-clock.c"
  cp "$here/relink-action.sh" "$stage/root/bin/relink-action.sh"
  cp "$here/bench.sh" "$stage/root/bin/criu-bench.sh"
  cp "$here/init" "$stage/root/init"
  i=0
  for m in "${modules[@]}"; do i=$((i+1)); cp "$m" "$stage/root/modules/$(printf %02d "$i")-$(basename "$m")"; done
  # Without /dev/console in the archive init prints nothing (devtmpfs is mounted later).
  mknod "$stage/root/dev/console" c 5 1
  (cd "$stage/root" && find . | cpio -o -H newc 2>/dev/null | gzip -1 > "$stage/initrd")
  mv "$stage/initrd" "$initrd"
fi
# Under TCG on a shared machine a boot and the steps take well under a minute; 15 minutes is a stall.
size=64M mem=1024 limit=900
# The bench: 1 GiB and its copies, and up to 3 x 1.3 GiB written and read back; 3 hours is a stall.
[[ $steps == *bench* ]] && size=4G mem=2048 limit=10800
disk="$cache/criu/ext4-${size,,}.img"
if [ ! -f "$disk" ]; then
  truncate -s "$size" "$disk.tmp" && mkfs.ext4 -q -F "$disk.tmp" && mv "$disk.tmp" "$disk"
fi

boot() {
  timeout "$limit" qemu-system-x86_64 -accel tcg -m "$mem" -smp 1 -nographic -no-reboot -net none \
    -kernel "$image" -initrd "$initrd" \
    -append "console=ttyS0 quiet loglevel=1 panic=-1 rlx_criu=$steps rlx_bench=$bench" \
    -drive "file=$disk,format=raw,if=virtio,snapshot=on" < /dev/null 2>&1 | tr -d '\r' || true
}
out=$(boot)
[ -n "${RELINKLAB_CONSOLE:-}" ] && printf '%s\n' "$out" >> "$RELINKLAB_CONSOLE"
if ! grep -q 'RLX-CRIU-DONE' <<<"$out"; then
  echo "criu-guest: $kernel: the guest did not finish; booting it once more" >&2
  out=$(boot)
  [ -n "${RELINKLAB_CONSOLE:-}" ] && printf '%s\n' "$out" >> "$RELINKLAB_CONSOLE"
fi
grep -o 'RLX-CRIU.*' <<<"$out" || true
exec scripts/criu-judge.sh "$kernel" "$steps" <<<"$out"
