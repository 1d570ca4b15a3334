#!/usr/bin/env bash
# Run docs/tutorial.md as a newcomer would: on a fresh clone of HEAD, every line of its sh blocks in
# order, each text block checked line by line against the output of the command just before it.
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
    *':```') block= ;;
    'sh:'*)
      echo "+ $line"
      if ! bash -c "$line" >"$last" 2>&1; then
        cat "$last"
        echo "tutorial-check: failed: $line" >&2
        exit 1
      fi
      ;;
    'text:'*)
      if [ -n "$line" ] && ! grep -qF -- "$line" "$last"; then
        echo "tutorial-check: not in the output of the command before it: $line" >&2
        exit 1
      fi
      ;;
  esac
done <docs/tutorial.md
echo "tutorial-check: every command ran, every quoted line matched"
