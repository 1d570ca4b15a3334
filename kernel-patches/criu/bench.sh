# The CRIU bench (docs/criu.md, "The bench"): the step `bench` of the CRIU guest, sourced by init.
# rlx_bench=MIB[,MIB...]:REPS on the kernel command line (scripts/criu-guest.sh sets it) names the
# sizes and the repetitions; repetitions are outermost, so a slow spell of the shared host spreads
# over every size. Per size, criu-holder keeps an unlinked file of MIB MiB on /mnt (mounted
# relink=/relink; CRIU's images go to /mnt too, so the disk sees them), and each of these runs
# with the page cache dropped before it and the disk flushed (sync, timed apart) after it:
#   dd     copy     dd of /proc/PID/fd/3 to /mnt/bench-dd: the file's bytes copied once
#   ghost  dump     criu dump --ghost-limit 2G: CRIU copies the file into the image
#          restore  criu restore -d; the task then checks its data and writes (a new inode)
#   relink dump     criu dump --link-remap with relink-action.sh: no data copied
#          restore  criu restore -d with the script; the check again (the same inode as before)
# The first repetition also dumps each size once with CRIU's default --ghost-limit
# (--leave-running, not timed) and says whether CRIU refused it.
# Lines (bench/criu-bench.ts reads them):
#   RLX-CRIU bench run mib=N rep=R way=dd|ghost|relink phase=copy|dump|restore ok=yes|no ns=N
#     sync_ns=N read=BYTES written=BYTES [image=BYTES ghosts=N ghost_bytes=N] [stats=HEX]
#     [names_left=N remaps_left=N]   (stats: CRIU's stats-dump or stats-restore)
#   RLX-CRIU bench check mib=N rep=R way=ghost|relink ino=N gen=N nlink=N size=N data=.. write=..
#   RLX-CRIU bench default-limit mib=N ok=yes|no [why=CRIU's error line]
#   RLX-CRIU bench guest mem_kib=N cpus=N disk_bytes=N   (what the guest was given)
#   RLX-CRIU bench done
bench_sectors() {
  # shellcheck disable=SC2046
  set -- $(cat /sys/block/vda/stat)
  echo "$3 $7"
}

# bench_run WHAT CMD...: CMD timed between a dropped page cache and a sync; sets b_line.
bench_run() {
  b_what=$1
  shift
  sync
  echo 3 > /proc/sys/vm/drop_caches
  b_d0=$(bench_sectors)
  b_t0=$(rlx-clock)
  if "$@" 2> /tmp/bench-cmd.err; then b_ok=yes; else b_ok=no; log bench /tmp/bench-cmd.err; fi
  b_t1=$(rlx-clock)
  sync
  b_t2=$(rlx-clock)
  b_d1=$(bench_sectors)
  b_line="RLX-CRIU bench run $b_what ok=$b_ok ns=$((b_t1 - b_t0)) sync_ns=$((b_t2 - b_t1))"
  b_line="$b_line read=$(((${b_d1% *} - ${b_d0% *}) * 512)) written=$(((${b_d1#* } - ${b_d0#* }) * 512))"
}

# bench_image DIR: what the image holds, and CRIU's stats image KIND (dump or restore) as hex.
bench_image() {
  b_g=0 b_gb=0 b_ib=0
  for f in "$1"/*.img; do
    [ -e "$f" ] || continue
    b_s=$(stat -c %s "$f")
    b_ib=$((b_ib + b_s))
    case $f in */ghost-file-*) b_g=$((b_g + 1)) b_gb=$((b_gb + b_s)) ;; esac
  done
  echo "image=$b_ib ghosts=$b_g ghost_bytes=$b_gb"
}
bench_stats() {
  if [ -e "$1/stats-$2" ]; then echo "stats=$(od -An -tx1 -v "$1/stats-$2" | tr -d ' \n')"
  else echo "stats=none"; fi
}

# bench_checks N: wait (an hour at most: a check reads the whole file, under TCG on a busy host)
# for the holder's N-th check.
bench_checks() {
  i=0
  while [ "$(grep -c 'RLX-HOLD check ' /tmp/bench.out)" -lt "$1" ]; do
    i=$((i + 1))
    [ $i -gt 18000 ] && return 1
    sleep 0.2
  done
  grep 'RLX-HOLD check ' /tmp/bench.out | tail -1 | cut -d' ' -f3-
}

# bench_gone PID: the dumped task reaped (its pid must be free for the restore).
bench_gone() {
  wait "$1" 2> /dev/null
  i=0
  while [ -e "/proc/$1" ]; do
    i=$((i + 1))
    [ $i -gt 100 ] && return 1
    sleep 0.1
  done
}

# bench_cell MIB REP: one size, one repetition.
bench_cell() {
  mib=$1 rep=$2 at="mib=$1 rep=$2"
  criu-holder /mnt/bench-file $(($1 * 1048576)) < /dev/null > /tmp/bench.out 2>&1 &
  pid=$!
  i=0
  while ! grep -q 'RLX-HOLD ready ' /tmp/bench.out; do
    i=$((i + 1))
    [ $i -gt 18000 ] && { echo "RLX-CRIU bench fail $at holder did not start"; return 1; }
    sleep 0.2
  done
  bench_run "$at way=dd phase=copy" dd if=/proc/$pid/fd/3 of=/mnt/bench-dd bs=1M
  echo "$b_line"
  rm -f /mnt/bench-dd
  if [ "$rep" = 1 ]; then
    mkdir -p /mnt/img-probe
    if criu dump -t $pid -D /mnt/img-probe -o dump.log --leave-running 2> /dev/null; then
      echo "RLX-CRIU bench default-limit mib=$mib ok=yes"
    else
      echo "RLX-CRIU bench default-limit mib=$mib ok=no why=$(grep -m1 'Error' /mnt/img-probe/dump.log | tr -s ' ')"
    fi
    rm -rf /mnt/img-probe
  fi
  mkdir -p /mnt/img-ghost /mnt/img-relink
  bench_run "$at way=ghost phase=dump" criu dump -t $pid -D /mnt/img-ghost -o dump.log --ghost-limit 2G
  echo "$b_line $(bench_image /mnt/img-ghost) $(bench_stats /mnt/img-ghost dump)"
  [ "$b_ok" = yes ] || { log bench /mnt/img-ghost/dump.log; kill -9 $pid; return 1; }
  bench_gone $pid || echo "RLX-CRIU bench fail $at task $pid not reaped"
  bench_run "$at way=ghost phase=restore" criu restore -d -D /mnt/img-ghost -o restore.log
  echo "$b_line $(bench_stats /mnt/img-ghost restore)"
  [ "$b_ok" = yes ] || { log bench /mnt/img-ghost/restore.log; return 1; }
  kill -USR1 $pid
  echo "RLX-CRIU bench check $at way=ghost $(bench_checks 1)"
  rm -rf /mnt/img-ghost
  bench_run "$at way=relink phase=dump" criu dump -t $pid -D /mnt/img-relink -o dump.log --link-remap \
    --action-script /bin/relink-action.sh
  echo "$b_line $(bench_image /mnt/img-relink) $(bench_stats /mnt/img-relink dump)"
  [ "$b_ok" = yes ] || { log bench /mnt/img-relink/dump.log; kill -9 $pid; return 1; }
  bench_gone $pid || echo "RLX-CRIU bench fail $at task $pid not reaped"
  bench_run "$at way=relink phase=restore" criu restore -d -D /mnt/img-relink -o restore.log \
    --action-script /bin/relink-action.sh
  echo "$b_line $(bench_stats /mnt/img-relink restore) names_left=$(ls /mnt/relink | wc -l) remaps_left=$(ls /mnt | grep -c '^link_remap\.')"
  [ "$b_ok" = yes ] || { log bench /mnt/img-relink/restore.log; return 1; }
  kill -USR1 $pid
  echo "RLX-CRIU bench check $at way=relink $(bench_checks 2)"
  rm -rf /mnt/img-relink
  kill -9 $pid
  bench_gone $pid
}

step_bench() {
  spec=$(sed -n 's/.*rlx_bench=\([0-9,:]*\).*/\1/p' /proc/cmdline)
  sizes=$(echo "${spec%:*}" | tr , ' ') reps=${spec#*:}
  mkdir -p -m 0700 /mnt/relink
  mount -o remount,relink=/relink /mnt || { echo "RLX-CRIU bench fail mount -o remount,relink=/relink"; return; }
  echo "RLX-CRIU bench guest mem_kib=$(sed -n 's/^MemTotal: *\([0-9]*\).*/\1/p' /proc/meminfo)" \
    "cpus=$(grep -c '^processor' /proc/cpuinfo) disk_bytes=$(($(cat /sys/block/vda/size) * 512))"
  r=0
  while [ $r -lt "$reps" ]; do
    r=$((r + 1))
    for mib in $sizes; do bench_cell "$mib" $r || echo "RLX-CRIU bench fail mib=$mib rep=$r"; done
  done
  echo "RLX-CRIU bench done"
}
