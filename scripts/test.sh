#!/usr/bin/env bash
# The test command: set up (idempotent), then typecheck, lint and every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
npm test --silent
