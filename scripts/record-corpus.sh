#!/usr/bin/env bash
# Re-record the strace corpus: build each C program in test/corpus/programs/ (static, so start-up
# noise stays small), run it as root in a fresh empty directory /tmp/rlroot/<program> (the model's
# root when replayed with --root), under `env -i strace -f -v -s 256`, and write the log to
# test/corpus/strace/<program>.log. Needs root (mounts, setuid). Idempotent.
#   scripts/record-corpus.sh [program...]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
"$repo/scripts/install-deps.sh" corpus
if [ "$(id -u)" -ne 0 ]; then
  echo "scripts/record-corpus.sh: must run as root (the programs mount and change uid)" >&2
  exit 2
fi
src="$repo/test/corpus/programs"
out="$repo/test/corpus/strace"
bin=/tmp/rlcorpus
mkdir -p "$bin" "$out"
progs=("$@")
if [ ${#progs[@]} -eq 0 ]; then
  for c in "$src"/*.c; do progs+=("$(basename "$c" .c)"); done
fi
for p in "${progs[@]}"; do
  gcc -static -O0 -Wall -Werror -I "$src" -o "$bin/$p" "$src/$p.c"
  root="/tmp/rlroot/$p"
  # Leave nothing mounted from an earlier run, then start from an empty directory.
  { findmnt -rn -o TARGET | grep "^$root" || true; } | sort -r | xargs -r -n1 umount -l
  rm -rf "$root"
  mkdir -p "$root"
  # The program starts with only fds 0-2 open, except "inherited", which gets 10 and 251 as well
  # (the replay infers such fds from the log).
  (
    cd "$root"
    for fd in /proc/$BASHPID/fd/*; do
      n=${fd##*/}
      [ "$n" -gt 2 ] && eval "exec $n>&-"
    done
    if [ "$p" = inherited ]; then exec 10</dev/null 251>/dev/null; fi
    umask 022
    ulimit -Sn 1024 # the model keeps the default soft RLIMIT_NOFILE
    # names.c's ENAMETOOLONG path is 4,097 bytes: strace prints up to PATH_MAX of it with a larger -s,
    # enough for the replay to decide it (any name of PATH_MAX bytes or more is ENAMETOOLONG).
    strsize=256
    if [ "$p" = names ]; then strsize=4200; fi
    env -i strace -f -v -s "$strsize" -o "$out/$p.log" "$bin/$p"
  ) || true
  { findmnt -rn -o TARGET | grep "^$root" || true; } | sort -r | xargs -r -n1 umount -l
  echo "recorded $out/$p.log ($(wc -l < "$out/$p.log") lines)"
done
