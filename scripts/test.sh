#!/usr/bin/env bash
# The test command: set up (idempotent), then typecheck, lint and every test, then the
# cross-check against real 6.1 kernels under QEMU (scripts/crosscheck-ci.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# The cross-check tests build the static C executor with gcc and start QEMU; the report's
# browser test needs headless Chromium; the bench test runs SPIN; the distributed search's runner
# test runs GNU parallel.
scripts/install-deps.sh corpus kernel browser bench dist
npm test --silent
scripts/crosscheck-ci.sh
