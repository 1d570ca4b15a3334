#!/usr/bin/env bash
# Run docs/tutorial.md as a newcomer would: on a fresh clone of HEAD, every line of its sh blocks in
# order, each text block checked line by line against the output of the command just before it,
# and each block whose fence names a file in out/ (```yaml out/lab.yaml) written to that file.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
git clone -q "$repo" "$dir/relinklab"
cd "$dir/relinklab"
last="$dir/last.out"
: >"$last"
block=
while IFS= read -r line; do
  case "$block:$line" in
    ':```sh') block=sh ;;
    ':```text') block=text ;;
    ':```'*' out/'*)
      block=file
      target=${line##* }
      : >"$target"
      ;;
    *':```') block= ;;
    'sh:'*)
      echo "+ $line"
      if ! bash -c "$line" >"$last" 2>&1; then
        cat "$last"
        echo "tutorial-check: failed: $line" >&2
        exit 1
      fi
      ;;
    'file:'*) printf '%s\n' "$line" >>"$target" ;;
    'text:'*)
      if [ -n "$line" ] && ! grep -qF -- "$line" "$last"; then
        echo "tutorial-check: not in the output of the command before it: $line" >&2
        exit 1
      fi
      ;;
  esac
done <docs/tutorial.md
echo "tutorial-check: every command ran, every quoted line matched"
