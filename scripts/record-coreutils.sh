#!/usr/bin/env bash
# Record a shell session of coreutils working on open and unlinked files, for the replay test:
# test/corpus/strace/coreutils.log, run in the empty directory /tmp/rlroot/coreutils. Idempotent.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
"$repo/scripts/install-deps.sh" corpus
root=/tmp/rlroot/coreutils
rm -rf "$root"
mkdir -p "$root" "$repo/test/corpus/strace"
session='
touch a
ln a b
ln -s a s
ln -f b c
ln -f a c
mv c d
cp a e
mkdir -p x/y/z
rmdir x/y/z
mkfifo p
echo hello > a
cat a b s
ls -1
rm e
rm -r x
exec 3<a
rm a b d
cat <&3
ls -l /proc/$$/fd/3 >/dev/null
readlink /proc/$$/fd/3
exec 3<&-
mv s t
rm t p
ls -1a
'
(
  cd "$root"
  for fd in /proc/$BASHPID/fd/*; do
    n=${fd##*/}
    [ "$n" -gt 2 ] && eval "exec $n>&-"
  done
  umask 022
  ulimit -Sn 1024
  env -i PATH=/usr/bin:/bin LC_ALL=C strace -f -v -s 256 -o "$repo/test/corpus/strace/coreutils.log" sh -c "$session" >/dev/null
)
echo "recorded $repo/test/corpus/strace/coreutils.log ($(wc -l < "$repo/test/corpus/strace/coreutils.log") lines)"
