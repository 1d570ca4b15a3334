#!/usr/bin/env bash
# Set up relinklab on a fresh machine, idempotently: npm packages (from the lock file) and the build.
# Kernel and QEMU tooling is installed by kernel-patches/ scripts when they are used; corpus
# recording installs strace and gcc itself (scripts/record-corpus.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

need_node_major=20
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt "$need_node_major" ]; then
  echo "relinklab: needs Node.js >= $need_node_major (found: $(node --version 2>/dev/null || echo none))" >&2
  exit 2
fi

# npm ci only when the installed tree does not match the lock file.
stamp=node_modules/.relinklab-lock-hash
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi

# The kernel source the citations of src/ and docs/ are checked against (test/citations/).
scripts/install-deps.sh source

npm run --silent build
