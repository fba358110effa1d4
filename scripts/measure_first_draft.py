"""Measure a first start: seconds from `jixiao ui` printing its URL to the first draft arriving through the UI.

A fresh JIXIAO_HOME (an empty temporary folder unless --home is given) makes it a first start: the knowledge
base is indexed from knowledge/ (reusing knowledge/vectors). The message is sent once the terminal says the
knowledge base is ready (a draft asked earlier would be drafted without precedents, from the library
only), so the figure is the first draft grounded on precedents. The draft is asked through the UI's own
API (gradio_client, as the page does), on 127.0.0.1 only.

    python scripts/measure_first_draft.py [--runs 3] [--port 7871]

`bash scripts/run.sh` installs, then runs `jixiao ui`; this script starts `jixiao ui` the same way (same
environment, default embedding) and times from its URL line, so the install step is not counted.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MESSAGE = "我们单位要办职业技能培训项目，预算50万元，计划培训500人，2026年12月底前完成。直接生成"
ANNUAL = 9  # where /send returns the 年度 table (see tests/test_ui_api.py)


def _jixiao() -> list[str]:
    script = Path(sys.executable).with_name("jixiao")
    return [str(script)] if script.exists() else [sys.executable, "-c", "from assistant.cli import main; main()"]


def run_once(port: int, home: Path) -> dict:
    from gradio_client import Client

    env = {**os.environ, "JIXIAO_HOME": str(home), "GRADIO_ANALYTICS_ENABLED": "False", "PYTHONUNBUFFERED": "1"}
    env.pop("JIXIAO_LLM", None)
    started = time.perf_counter()
    server = subprocess.Popen([*_jixiao(), "ui", "--port", str(port)], cwd=REPO, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, bufsize=1)
    try:
        for line in server.stdout:
            if "已启动" in line and "http://" in line:
                break
        else:
            raise RuntimeError("jixiao ui 未能启动")
        url_at = time.perf_counter()
        for line in server.stdout:
            if "知识库已就绪" in line or "失败" in line:
                break
        ready_at = time.perf_counter()
        if "失败" in line:
            raise RuntimeError(line.strip())
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        result = client.predict(MESSAGE, [], api_name="/send")
        draft_at = time.perf_counter()
        rows = result[ANNUAL]["data"] if isinstance(result[ANNUAL], dict) else []
        return {"start_to_url_s": round(url_at - started, 1), "url_to_ready_s": round(ready_at - url_at, 1),
                "url_to_first_draft_s": round(draft_at - url_at, 1),
                "rows": len(rows), "chroma_files": sum(1 for _ in (home / "chroma").rglob("*"))}
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="测量首次启动：界面地址打印后多久出现第一稿")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--port", type=int, default=7871)
    parser.add_argument("--home", type=Path, default=None, help="JIXIAO_HOME（默认每次一个新的空目录）")
    args = parser.parse_args(argv)
    for number in range(1, args.runs + 1):
        home = args.home or Path(tempfile.mkdtemp(prefix="jixiao-first-"))
        load = os.getloadavg()[0]
        try:
            figures = run_once(args.port, home)
        finally:
            if args.home is None:
                shutil.rmtree(home, ignore_errors=True)
        print(f"第{number}次：启动到打印地址 {figures['start_to_url_s']} 秒；打印地址后，知识库就绪 "
              f"{figures['url_to_ready_s']} 秒，第一稿 {figures['url_to_first_draft_s']} 秒"
              f"（年度表 {figures['rows']} 行；开始时负载 {load:.1f}）", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
