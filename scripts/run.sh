#!/usr/bin/env bash
# Install and start jixiao's main job on the embedded defaults (offline drafter, shipped precedents).
# The web UI (issue 6) has not landed yet; until it does, the main job is the drafting conversation
# in the terminal (`jixiao chat`). Extra arguments are passed to it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
export GRADIO_ANALYTICS_ENABLED=False
if .venv/bin/jixiao ui --help >/dev/null 2>&1; then
  exec .venv/bin/jixiao ui "$@"
fi
exec .venv/bin/jixiao chat "$@"
