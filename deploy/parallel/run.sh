#!/usr/bin/env bash
# A distributed search on this machine with GNU parallel: init, then each level's jobs side by
# side (one per partition), level after level, then collect (docs/checker.md, "A distributed
# search"). Started again on the same directory it resumes: finished jobs are skipped.
#   deploy/parallel/run.sh DIR DEPTH PARTITIONS [KERNEL] [collect options, e.g. --json]
# JOBS sets how many jobs run at once (default: the cores), RELINKLAB the command (default: this
# checkout's bin/relinklab). Exit status: collect's (0 clean, 1 a violation, 2 a bad directory).
set -euo pipefail
if [ $# -lt 3 ]; then
  echo "usage: deploy/parallel/run.sh DIR DEPTH PARTITIONS [KERNEL] [collect options]" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
relinklab=${RELINKLAB:-$here/../../bin/relinklab}
dir=$1 depth=$2 partitions=$3 kernel=${4:-relink}
shift $(($# < 4 ? $# : 4))
jobs=${JOBS:-$(nproc)}
if ! parallel --version 2>/dev/null | grep -q '^GNU parallel'; then
  echo "deploy/parallel/run.sh: GNU parallel is missing (scripts/install-deps.sh dist installs it)" >&2
  exit 3
fi
"$relinklab" dist init "$dir" --depth "$depth" --partitions "$partitions" --kernel "$kernel" >&2
for level in $(seq 0 "$depth"); do
  # --halt now,fail=1: a failed job stops the level, and the next level is not started on a gap.
  parallel --will-cite --halt now,fail=1 --jobs "$jobs" \
    "$relinklab" dist level "$dir" --level "$level" --partition {} ::: $(seq 0 $((partitions - 1))) >&2
done
exec "$relinklab" dist collect "$dir" --out "$dir/counterexample.yaml" "$@"
