#!/usr/bin/env bash
# Debian bookworm's criu and the shared libraries it loads, downloaded with apt-get download and
# unpacked with dpkg-deb -x (nothing is installed on the host: this criu does not run on the
# host's kernel, docs/criu.md), cached under
#   ${RELINKLAB_CACHE:-/var/cache/relinklab}/criu/criu_<version>/root/
# a tree to copy into an initramfs: usr/sbin/criu, its libraries in lib/x86_64-linux-gnu/ and the
# dynamic loader in lib64/. Prints that root.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
cache=${RELINKLAB_CACHE:-/var/cache/relinklab}

"$repo/scripts/install-deps.sh" criu >&2
candidate() { apt-cache policy "$1" 2>/dev/null | sed -n 's/^ *Candidate: //p'; }
ver=$(candidate criu)
if [ -z "$ver" ] || [ "$ver" = "(none)" ]; then
  apt-get update -qq >&2
  ver=$(candidate criu)
fi
[ -n "$ver" ] && [ "$ver" != "(none)" ] || { echo "fetch-criu.sh: apt knows no criu package" >&2; exit 2; }
out="$cache/criu/criu_$ver"
if [ -f "$out/.complete" ]; then
  echo "$out/root"
  exit 0
fi

mkdir -p "$cache/criu"
tmp=$(mktemp -d "$cache/criu/fetch.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# The library packages criu depends on, transitively. python3-protobuf (and with it python and
# perl) serves crit, the image viewer, which the guest does not run.
declare -A seen=([criu]=1)
queue=(criu)
while [ ${#queue[@]} -gt 0 ]; do
  p=${queue[0]}
  queue=("${queue[@]:1}")
  for d in $(apt-cache depends --no-recommends --no-suggests --no-conflicts --no-breaks --no-replaces \
               --no-enhances "$p" | sed -n 's/^ *\(Pre\)\{0,1\}Depends: \(lib[^ <]*\)$/\2/p'); do
    case "$d" in libpython*|libperl*) continue ;; esac
    [ -n "${seen[$d]:-}" ] && continue
    seen[$d]=1
    queue+=("$d")
  done
done
echo "relinklab: fetching criu $ver and ${#seen[@]} packages" >&2
# apt's sandbox user cannot write into root's folders; download as the caller, quietly.
(cd "$tmp" && apt-get download -q "${!seen[@]}" 2>&1 | grep -v '^W: Download is performed unsandboxed' >&2 || true)
for p in "${!seen[@]}"; do
  deb=$(ls "$tmp/${p}_"*.deb 2>/dev/null | head -1)
  [ -n "$deb" ] || { echo "fetch-criu.sh: apt-get download $p failed" >&2; exit 2; }
  dpkg-deb -x "$deb" "$tmp/x"
done

# Copy criu and exactly the libraries its NEEDED entries reach (readelf -d), transitively.
root="$tmp/root"
mkdir -p "$root/usr/sbin" "$root/lib/x86_64-linux-gnu" "$root/lib64"
cp "$tmp/x/usr/sbin/criu" "$root/usr/sbin/criu"
needed() { readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p'; }
todo=("$root/usr/sbin/criu")
declare -A have=()
while [ ${#todo[@]} -gt 0 ]; do
  f=${todo[0]}
  todo=("${todo[@]:1}")
  for lib in $(needed "$f"); do
    [ -n "${have[$lib]:-}" ] && continue
    src=""
    for dir in lib/x86_64-linux-gnu usr/lib/x86_64-linux-gnu; do
      [ -e "$tmp/x/$dir/$lib" ] && { src="$tmp/x/$dir/$lib"; break; }
    done
    [ -n "$src" ] || { echo "fetch-criu.sh: $lib (needed by $(basename "$f")) is in none of the packages" >&2; exit 2; }
    cp -L "$src" "$root/lib/x86_64-linux-gnu/$lib"
    have[$lib]=1
    todo+=("$root/lib/x86_64-linux-gnu/$lib")
  done
done
loader=$(readelf -l "$root/usr/sbin/criu" | sed -n 's/.*\[Requesting program interpreter: \(.*\)\]$/\1/p')
[ "$loader" = /lib64/ld-linux-x86-64.so.2 ] || { echo "fetch-criu.sh: unexpected loader $loader" >&2; exit 2; }
cp -L "$tmp/x/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" "$root/lib64/ld-linux-x86-64.so.2"
echo "relinklab: criu $ver with ${#have[@]} libraries" >&2

mkdir -p "$tmp/out"
mv "$root" "$tmp/out/root"
touch "$tmp/out/.complete"
rm -rf "$out"
mv "$tmp/out" "$out"
echo "$out/root"
