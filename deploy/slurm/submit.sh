#!/usr/bin/env bash
# A distributed search on Slurm: the directory initialised here, then one job array per level
# (a task per partition), each level depending on the whole array before it (afterok), then a
# collect job after the last level. The directory must be on a file system every node shares.
# Submitted again it resumes: init keeps the same search, finished jobs are skipped.
#   deploy/slurm/submit.sh [--dry-run] DIR DEPTH PARTITIONS [KERNEL]
# --dry-run prints the commands it would run (job ids shown as JOBID_L0, JOBID_L1, ...) and submits nothing.
# RELINKLAB sets the command on the nodes (default: relinklab on their PATH); sbatch passes the
# environment on. SBATCH_OPTS adds options to every sbatch (a partition, an account).
set -euo pipefail
dry=0
if [ "${1:-}" = --dry-run ]; then
  dry=1
  shift
fi
if [ $# -lt 3 ]; then
  echo "usage: deploy/slurm/submit.sh [--dry-run] DIR DEPTH PARTITIONS [KERNEL]" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
relinklab=${RELINKLAB:-relinklab}
dir=$(realpath -m "$1") depth=$2 partitions=$3 kernel=${4:-relink}
read -r -a extra <<<"${SBATCH_OPTS:-}"

# Run a command, or print it under --dry-run.
run() {
  if [ "$dry" = 1 ]; then
    printf '%q ' "$@" | sed 's/ $//'
    echo
  else
    "$@"
  fi
}

run "$relinklab" dist init "$dir" --depth "$depth" --partitions "$partitions" --kernel "$kernel"
previous=
for level in $(seq 0 "$depth"); do
  after=()
  [ -n "$previous" ] && after=("--dependency=afterok:$previous")
  cmd=(sbatch --parsable "${extra[@]}" --job-name="relinklab-L$level" --array="0-$((partitions - 1))"
    "${after[@]}" "$here/level.sbatch" "$dir" "$level")
  if [ "$dry" = 1 ]; then
    run "${cmd[@]}"
    previous="JOBID_L$level"
  else
    previous=$("${cmd[@]}")
    previous=${previous%%;*} # --parsable prints "id" or "id;cluster"
    echo "level $level: job array $previous" >&2
  fi
done
wrap=$(printf '%q ' "$relinklab" dist collect "$dir" --out "$dir/counterexample.yaml")
run sbatch --parsable "${extra[@]}" --job-name=relinklab-collect --dependency="afterok:$previous" \
  --output="$dir/collect.out" --wrap "${wrap% }"
