#!/usr/bin/env bash
# The verdicts on a CRIU guest's console (kernel-patches/criu/init prints it; docs/criu.md, "The
# steps"), read from stdin:
#   scripts/criu-judge.sh KERNEL STEP[,STEP...] < console
# One line per step, "criu-guest: KERNEL: STEP ok" or "... FAILED: why"; exit 0 when every step
# passed, 1 when one failed, 2 when the guest did not finish (no RLX-CRIU-DONE).
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: scripts/criu-judge.sh KERNEL STEP[,STEP...] < console" >&2; exit 2; }
kernel=$1 steps=$2
out=$(tr -d '\r')
grep -q 'RLX-CRIU-DONE' <<<"$out" || { echo "criu-guest: $kernel: the guest did not finish" >&2; exit 2; }

# What each step must print; a line missing or different fails it.
line() { sed -n "s/^.*RLX-CRIU $1 //p" <<<"$out" | head -1; }
field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<" $1"; }
failed=0
verdict() { if [ -z "$2" ]; then echo "criu-guest: $kernel: $1 ok"; else echo "criu-guest: $kernel: $1 FAILED: $2"; failed=1; fi; }
for s in ${steps//,/ }; do
  why=""
  case $s in
    check) [ "$(line check)" = ok ] || why="criu check did not say 'Looks good.'" ;;
    ghost|relink)
      ready=$(line "$s ready") check=$(line "$s check") img=$(line "$s image")
      if [ "$s" = relink ] && [ "$(line 'relink mount')" != ok ]; then why="mount -o remount,relink=/relink refused"
      elif [ -z "$ready" ] || [ "$ready" = none ]; then why="the task holding the file did not start"
      elif [ "$(line "$s dump")" != ok ]; then why="criu dump failed"
      elif [ "$(line "$s restore")" != ok ]; then why="criu restore failed"
      elif [ "$(field "$check" data)" != ok ] || [ "$(field "$check" write)" != ok ]; then why="after restore the task read or wrote wrong data: $check"
      elif [ "$(field "$check" nlink)" != 0 ]; then why="after restore the file has a name: $check"
      elif [ "$s" = ghost ] && [ "$(field "$img" ghost_files)" != 1 ]; then why="no ghost file in the image: $img"
      elif [ "$s" = ghost ] && [ "$(field "$img" ghost_bytes)" -lt "$(field "$ready" size)" ]; then why="the ghost file holds less than the file: $img"
      # A ghost file is restored as a new inode (ext4 may hand out the freed number again).
      elif [ "$s" = ghost ] && [ "$(field "$check" gen)" = "$(field "$ready" gen)" ]; then why="the ghost file came back as the same inode: $ready, then $check"
      elif [ "$s" = relink ]; then
        backup=$(line 'relink backup')
        if [ "$(field "$img" ghost_files)" != 0 ]; then why="CRIU copied a ghost file: $img"
        elif [ "$(line 'relink named')" != "count=1 remaps=1" ]; then why="after dump, not one relinked name and one link_remap: $(line 'relink named')"
        elif [ "$(field "$backup" same_data)" != yes ] || [ "$(field "$backup" ino)" != "$(field "$ready" ino)" ]; then why="the relinked name is not the task's file: $backup"
        elif [ "$(line 'relink after')" != "count=0 remaps=0" ]; then why="after restore, names left: $(line 'relink after')"
        elif [ "$(field "$check" ino)" != "$(field "$ready" ino)" ] || [ "$(field "$check" gen)" != "$(field "$ready" gen)" ]; then
          why="the restored task holds another inode: $ready, then $check"
        fi
      fi ;;
    # Every run succeeded and every restored task read its data and wrote; the figures are
    # bench/criu-bench.ts's to read.
    bench)
      fail=$(line 'bench fail') check=$(grep 'RLX-CRIU bench check ' <<<"$out" | grep -v 'data=ok write=ok' | head -1 || true)
      if ! grep -q 'RLX-CRIU bench done' <<<"$out"; then why="the bench did not finish"
      elif [ -n "$fail" ]; then why="$fail"
      elif grep -q 'RLX-CRIU bench run .* ok=no' <<<"$out"; then why="a run failed: $(grep -m1 -o 'RLX-CRIU bench run .* ok=no' <<<"$out")"
      elif [ -n "$check" ]; then why="after restore the task read or wrote wrong data: ${check#*RLX-CRIU bench check }"
      fi ;;
  esac
  verdict "$s" "$why"
done
exit $failed
