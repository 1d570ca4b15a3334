#!/usr/bin/env bash
# Run the README's two commands on a fresh clone of HEAD, as a newcomer (and CI) would.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
git clone -q "$repo" "$dir/relinklab"
cd "$dir/relinklab"
first=$(sed -n '/^```sh$/,/^```$/p' README.md | sed -n 2p)
second=$(sed -n '/^```sh$/,/^```$/p' README.md | sed -n 3p)
echo "+ $first"
bash -c "$first"
echo "+ $second"
bash -c "$second"
