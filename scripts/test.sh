#!/usr/bin/env bash
# Install jixiao with its test extras, the Debian packages the browser tests need
# (chromium, a CJK font), and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh test
bash scripts/install-test-system-deps.sh
export GRADIO_ANALYTICS_ENABLED=False
exec .venv/bin/python -m pytest -q "$@"
