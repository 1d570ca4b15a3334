#!/usr/bin/env bash
# A distributed search on Kubernetes: an init Job, one indexed Job per level (a pod per
# partition; each level waits for the one before to complete), and a collect Job, all mounting
# the claim of deploy/k8s/pvc.yaml at /search, where the search is the folder SEARCH.
# Started again it resumes: init keeps the same search and finished jobs are skipped (delete the
# old Jobs first: kubectl delete jobs -l search=SEARCH).
#   deploy/k8s/driver.sh [--dry-run] SEARCH DEPTH PARTITIONS [KERNEL]
# --dry-run prints each manifest and the kubectl commands it would run, and runs none. IMAGE (an
# image with relinklab on its PATH, e.g. built from deploy/k8s/Dockerfile), CLAIM (the volume
# claim), PARALLELISM (pods at once in a level; default: every partition), RETRIES (a pod's
# retries in a level) and TIMEOUT (how long to wait for a level) may be set.
set -euo pipefail
dry=0
if [ "${1:-}" = --dry-run ]; then
  dry=1
  shift
fi
if [ $# -lt 3 ]; then
  echo "usage: deploy/k8s/driver.sh [--dry-run] SEARCH DEPTH PARTITIONS [KERNEL]" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
search=$1 depth=$2 partitions=$3 kernel=${4:-relink}
if ! [[ $search =~ ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$ ]]; then
  echo "deploy/k8s/driver.sh: SEARCH \"$search\" must be a DNS label (lower-case letters, digits, -)" >&2
  exit 2
fi
image=${IMAGE:-relinklab:latest} claim=${CLAIM:-relinklab-search}
parallelism=${PARALLELISM:-$partitions} retries=${RETRIES:-3} timeout=${TIMEOUT:-24h}

fill() {
  sed -e "s|__SEARCH__|$search|g" -e "s|__IMAGE__|$image|g" -e "s|__CLAIM__|$claim|g" \
    -e "s|__PARTITIONS__|$partitions|g" -e "s|__PARALLELISM__|$parallelism|g" -e "s|__RETRIES__|$retries|g" "$@"
}

# Apply a manifest (from stdin) and wait for its Job, or print both under --dry-run.
submit() {
  local job=$1 manifest
  manifest=$(cat)
  if [ "$dry" = 1 ]; then
    echo "kubectl apply -f - <<'MANIFEST'"
    echo "$manifest"
    echo "MANIFEST"
    echo "kubectl wait --for=condition=complete --timeout=$timeout job/$job"
  else
    echo "$manifest" | kubectl apply -f -
    kubectl wait --for=condition=complete --timeout="$timeout" "job/$job"
  fi
}

fill -e 's|__STEP__|init|g' \
  -e "s|__ARGS__|--depth $depth --partitions $partitions --kernel $kernel|g" "$here/step-job.yaml" |
  submit "relinklab-$search-init"
for level in $(seq 0 "$depth"); do
  fill -e "s|__LEVEL__|$level|g" "$here/level-job.yaml" | submit "relinklab-$search-level-$level"
done
fill -e 's|__STEP__|collect|g' -e 's|__ARGS__|--out "/search/$SEARCH/counterexample.yaml"|g' "$here/step-job.yaml" |
  submit "relinklab-$search-collect"
if [ "$dry" = 1 ]; then
  echo "kubectl logs job/relinklab-$search-collect"
  exit 0
fi
# The search's status is collect's (0 clean, 1 a violation), which its pod prints last.
log=$(kubectl logs "job/relinklab-$search-collect")
echo "$log"
status=$(echo "$log" | sed -n 's/^exit status \([0-9]*\)$/\1/p' | tail -1)
exit "${status:-3}"
