#!/usr/bin/env bash
# Fetch Debian's stock 6.1 kernel, the unpatched oracle: the linux-image package that
# linux-image-amd64 currently depends on, downloaded (not installed) and unpacked into
#   ${RELINKLAB_CACHE:-/var/cache/relinklab}/debian/<package>_<version>/
# Prints that folder; vmlinuz is in boot/, the modules in lib/modules/<release>/.
set -euo pipefail
cache=${RELINKLAB_CACHE:-/var/cache/relinklab}

pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-6\.1[^ ]*\)$/\1/p' | head -1)
if [ -z "$pkg" ]; then
  apt-get update -qq >&2
  pkg=$(apt-cache depends linux-image-amd64 | sed -n 's/^ *Depends: \(linux-image-6\.1[^ ]*\)$/\1/p' | head -1)
fi
[ -n "$pkg" ] || { echo "kernel-patches/debian-kernel.sh: no linux-image-6.1 package behind linux-image-amd64" >&2; exit 2; }
ver=$(apt-cache policy "$pkg" | sed -n 's/^ *Candidate: //p')
out="$cache/debian/${pkg}_$ver"
if [ -f "$out/.complete" ]; then
  echo "$out"
  exit 0
fi

"$(dirname "$0")/../scripts/install-deps.sh" kernel >&2
tmp=$(mktemp -d "$cache/debian.XXXXXX" 2>/dev/null || { mkdir -p "$cache" && mktemp -d "$cache/debian.XXXXXX"; })
trap 'rm -rf "$tmp"' EXIT
echo "relinklab: fetching $pkg $ver" >&2
# apt's sandbox user cannot write into root's folders; download as the caller, quietly.
(cd "$tmp" && apt-get download -q "$pkg=$ver" 2>&1 | grep -v '^W: Download is performed unsandboxed' >&2 || true)
deb=$(ls "$tmp"/*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || { echo "kernel-patches/debian-kernel.sh: apt-get download $pkg failed" >&2; exit 2; }
dpkg-deb -x "$deb" "$tmp/x"
rm -f "$deb"
ls "$tmp"/x/boot/vmlinuz-* >/dev/null
touch "$tmp/x/.complete"
mkdir -p "$cache/debian"
rm -rf "$out"
mv "$tmp/x" "$out"
echo "$out"
