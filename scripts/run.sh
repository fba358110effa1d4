#!/usr/bin/env bash
# Install and start jixiao's main job on the embedded defaults: the web UI (起草, 审核, 知识库, 设置) at
# http://127.0.0.1:7860 with the offline drafter and the shipped knowledge base, indexed on first run
# (progress shown in the terminal and at the top of the page). Extra arguments go to `jixiao ui`,
# e.g. --port 8080 or --host 0.0.0.0.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
export GRADIO_ANALYTICS_ENABLED=False
exec .venv/bin/jixiao ui "$@"
