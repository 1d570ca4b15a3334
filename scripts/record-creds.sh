#!/usr/bin/env bash
# Record the credential programs (test/corpus/programs/creds/, issue 15): build each C program
# static, run it in a fresh empty directory /tmp/rlroot/creds/<program> under
# `env -i strace -f -v -s 256`, and write the log next to the program as <program>.log. The
# programs start as root and become other users themselves (setgroups, setresgid, setresuid),
# except setid-user, which setpriv starts as uid/gid 1000 with no groups (its directory is given
# to 1000). protected.c changes fs.protected_{hardlinks,fifos,regular} and symlinks.c
# fs.protected_{symlinks,fifos,regular}; the values found are put back after each program and
# when the script ends, however it ends. These logs are not replayed yet (the model has no
# credentials); docs/credentials-facts.md reads them. Needs root. Idempotent.
#   scripts/record-creds.sh [program...]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
"$repo/scripts/install-deps.sh" corpus
if [ "$(id -u)" -ne 0 ]; then
  echo "scripts/record-creds.sh: must run as root (the programs change uid and sysctls)" >&2
  exit 2
fi
src="$repo/test/corpus/programs/creds"
bin=/tmp/rlcorpus/creds
mkdir -p "$bin"

sysctls=(protected_symlinks protected_hardlinks protected_fifos protected_regular)
declare -A saved
for s in "${sysctls[@]}"; do saved[$s]=$(cat "/proc/sys/fs/$s"); done
restore() {
  for s in "${sysctls[@]}"; do echo "${saved[$s]}" > "/proc/sys/fs/$s"; done
}
trap restore EXIT

progs=("$@")
if [ ${#progs[@]} -eq 0 ]; then
  for c in "$src"/*.c; do progs+=("$(basename "$c" .c)"); done
fi
for p in "${progs[@]}"; do
  gcc -static -O0 -Wall -Werror -pthread -I "$src" -I "$src/.." -o "$bin/$p" "$src/$p.c"
  root="/tmp/rlroot/creds/$p"
  rm -rf "$root"
  mkdir -p "$root"
  chmod 0755 /tmp/rlroot /tmp/rlroot/creds "$root" # other users walk into it
  how=()
  if [ "$p" = setid-user ]; then
    chown 1000:1000 "$root"
    how=(/usr/bin/setpriv --reuid 1000 --regid 1000 --clear-groups)
  fi
  (
    cd "$root"
    for fd in /proc/$BASHPID/fd/*; do
      n=${fd##*/}
      [ "$n" -gt 2 ] && eval "exec $n>&-"
    done
    umask 022
    ulimit -Sn 1024
    env -i strace -f -v -s 256 -o "$src/$p.log" "${how[@]}" "$bin/$p"
  ) || true
  restore
  echo "recorded $src/$p.log ($(wc -l < "$src/$p.log") lines)"
done
