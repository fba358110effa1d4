#!/usr/bin/env bash
# Install and start jixiao's main job: the web UI on the embedded defaults
# (local Chroma under JIXIAO_HOME, offline embeddings, offline drafter), at http://127.0.0.1:7860
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
export GRADIO_ANALYTICS_ENABLED=False
exec .venv/bin/jixiao ui "$@"
