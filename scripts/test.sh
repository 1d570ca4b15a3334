#!/usr/bin/env bash
# The test command: set up (idempotent), then typecheck, lint and every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# The cross-check test builds the static C executor with gcc; the bench test runs SPIN.
scripts/install-deps.sh corpus bench
npm test --silent
