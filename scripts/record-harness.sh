#!/usr/bin/env bash
# Record what a test harness produces: every step its own process, each traced into one log with
# no fork/clone line before it (relinklab issue 12). Two logs, both in the empty directory
# /tmp/rlroot/<name>, with only fds 0-2 open, umask 022:
#   harness.log     one `strace -f -v -s 256 -A -o LOG CMD` per step, appended (-A)
#   harness-p.log   one `strace -f -v -s 256 -o LOGn -p PID` per step, attached to a shell that
#                   waits on a fifo outside the root and then execs the step; the logs appended
# Idempotent.   scripts/record-harness.sh
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
"$repo/scripts/install-deps.sh" corpus
out="$repo/test/corpus/strace"
mkdir -p "$out"

# The steps: touch, link, directories, renames, an unlinked open file read through cat, removal.
steps=(
  'touch a'
  'ln a b'
  'mkdir -p d/e'
  'mv b d/c'
  'ln -s a s'
  'stat -c %h:%s a'
  'ls -1 d'
  'sh -c "exec 3<a; rm a; echo hi >> d/c; cat d/c"'
  'rm -r d s'
  'ls -1a'
)

fresh() {
  rm -rf "$1"
  mkdir -p "$1"
}

close_fds() {
  for fd in /proc/$BASHPID/fd/*; do
    n=${fd##*/}
    [ "$n" -gt 2 ] && eval "exec $n>&-"
  done
  return 0
}

# One strace per step, appended to one log.
root=/tmp/rlroot/harness
fresh "$root"
log="$out/harness.log"
rm -f "$log"
(
  cd "$root"
  close_fds
  umask 022
  ulimit -Sn 1024
  for s in "${steps[@]}"; do
    env -i PATH=/usr/bin:/bin LC_ALL=C strace -f -v -s 256 -A -o "$log" sh -c "exec $s" >/dev/null
  done
)
echo "recorded $log ($(wc -l < "$log") lines)"

# One strace -p per process: each step's shell waits on a fifo outside the root until strace has
# attached, then execs the step. The log starts in the middle of the shell's read.
root=/tmp/rlroot/harness-p
fresh "$root"
log="$out/harness-p.log"
rm -f "$log"
work=$(mktemp -d /tmp/rlharness.XXXXXX)
(
  cd "$root"
  close_fds
  umask 022
  ulimit -Sn 1024
  i=0
  for s in "${steps[@]}"; do
    i=$((i + 1))
    mkfifo "$work/go"
    env -i PATH=/usr/bin:/bin LC_ALL=C sh -c "read x < $work/go; exec $s" >/dev/null &
    pid=$!
    strace -f -v -s 256 -o "$work/$i.log" -p "$pid" 2>/dev/null &
    tracer=$!
    # strace -p prints nothing until attached; wait until the shell is a tracee.
    until grep -q '^TracerPid:[[:space:]]*[1-9]' "/proc/$pid/status" 2>/dev/null; do sleep 0.05; done
    echo go > "$work/go"
    wait "$pid" || true
    wait "$tracer" || true
    rm -f "$work/go"
    cat "$work/$i.log" >> "$log"
  done
)
rm -rf "$work"
echo "recorded $log ($(wc -l < "$log") lines)"
