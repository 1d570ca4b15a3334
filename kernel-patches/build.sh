#!/usr/bin/env bash
# Build the kernel relinklab cross-checks against: Debian's linux-source-6.1, the patch series in
# this folder (`series`), a minimal config (tinyconfig + config-fragment). The result is cached
# outside the repository, keyed by a hash of its inputs:
#   ${RELINKLAB_CACHE:-/var/cache/relinklab}/kernel/<hash>/bzImage
# Usage: kernel-patches/build.sh [--unpatched|--broken|--criu]   prints the bzImage path on stdout.
#   --unpatched  Debian's sources as they are (`--kernel minimal`)
#   --broken     the series plus the test-only faults of broken/ (`--kernel broken`), built in the
#                patched kernel's folder (an incremental rebuild) and cached under its own hash
#   --criu       the series with criu/config-fragment merged over config-fragment (what CRIU
#                needs: docs/criu.md), built in a folder of its own
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
cache=${RELINKLAB_CACHE:-/var/cache/relinklab}
flavour=patched
case "${1:-}" in
  --unpatched) flavour=unpatched ;;
  --broken) flavour=broken ;;
  --criu) flavour=criu ;;
  '') ;;
  *) echo "usage: kernel-patches/build.sh [--unpatched|--broken|--criu]" >&2; exit 2 ;;
esac
fragments=("$here/config-fragment")
[ "$flavour" = criu ] && fragments+=("$here/criu/config-fragment")

"$repo/scripts/install-deps.sh" kernel >&2

tarball=/usr/src/linux-source-6.1.tar.xz
srcver=$(dpkg-query -W -f='${Version}' linux-source-6.1)
patches=()
if [ "$flavour" != unpatched ]; then
  while read -r p; do
    case "$p" in ''|'#'*) continue ;; esac
    patches+=("$here/$p")
  done < "$here/series"
fi
# The test-only faults (kernel-patches/README.md): never part of `series`.
if [ "$flavour" = broken ]; then
  for p in "$here"/broken/*.patch; do patches+=("$p"); done
fi
key=$( { echo "linux-source-6.1 $srcver $flavour"; cat "${fragments[@]}" "$here/build.sh";
         for p in "${patches[@]}"; do cat "$p"; done; } | sha256sum | cut -c1-16)
out="$cache/kernel/$key"
if [ -f "$out/bzImage" ]; then
  echo "$out/bzImage"
  exit 0
fi

# A fixed build folder per flavour, so that an incremental rebuild (same absolute path) is fast;
# the broken kernel differs from the patched one in a few files, so it shares that folder.
tree=$flavour
[ "$flavour" = broken ] && tree=patched
work="$cache/build/$tree"
# One build at a time in that folder: two concurrent builds (two test runs, two flavours sharing
# it) would apply patches over each other. A waiter re-checks the cache once it has the lock.
mkdir -p "$cache/build"
exec 9>"$cache/build/$tree.lock"
flock 9
if [ -f "$out/bzImage" ]; then
  echo "$out/bzImage"
  exit 0
fi
stamp="$work/.relinklab-source"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$srcver" ]; then
  rm -rf "$work"
  mkdir -p "$work"
  echo "relinklab: extracting linux-source-6.1 ($srcver)" >&2
  tar -xf "$tarball" -C "$work" --strip-components=1
  (cd "$work" && git init -q && git add -Af . && git -c user.name=relinklab -c user.email=relinklab@localhost commit -qm pristine)
  echo "$srcver" > "$stamp"
fi
cd "$work"
# Back to pristine sources; files a patch added were added with --index, so reset removes them too.
git reset -q --hard
for p in "${patches[@]}"; do
  echo "relinklab: applying $(basename "$p")" >&2
  git apply --index "$p" || { echo "kernel-patches/build.sh: $(basename "$p") does not apply" >&2; exit 2; }
done

make -s ARCH=x86_64 tinyconfig >&2
scripts/kconfig/merge_config.sh -m .config "${fragments[@]}" >/dev/null
make -s ARCH=x86_64 olddefconfig >&2
# Every line of the fragment must have stuck; a silently dropped option is a wrong kernel.
while IFS= read -r line; do
  case "$line" in CONFIG_*=n) opt=${line%%=*}; grep -q "^$opt=" .config && { echo "build.sh: $opt still set" >&2; exit 2; } || true; continue ;;
                  CONFIG_*) grep -qx "$line" .config || { echo "kernel-patches/build.sh: $line did not stick" >&2; exit 2; } ;; esac
done < <(cat "${fragments[@]}")
echo "relinklab: building bzImage ($flavour) in $work" >&2
make -s ARCH=x86_64 -j"$(nproc)" bzImage >&2
mkdir -p "$out"
cp arch/x86/boot/bzImage "$out/bzImage.tmp" && mv "$out/bzImage.tmp" "$out/bzImage"
cp .config "$out/config"
echo "$out/bzImage"
