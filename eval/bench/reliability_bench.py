"""Reliability under load: many browsers drafting at once through the real server, nothing lost.

    python eval/bench/reliability_bench.py [--clients 20] [--turns 5] [--embedding hash] [--huge-mb 20]

Starts `jixiao ui` on 127.0.0.1 in its own process (offline drafter, a fresh JIXIAO_HOME whose knowledge base
is indexed before timing), with one other user's huge session file on disk (``--huge-mb``: issue 12 item 8).
Then ``--clients`` gradio_client clients at once each hold a conversation of ``--turns`` turns (a brief, then
revisions: 满意度, 人数, 时效指标, 删除一行, 预算). Reports failed turns (an exception, or a turn the page
answered as failed), whether every session is intact afterwards (every message and version saved, owned by
its client, no half-written files), and the turn times p50 / p95 / max. Bounded: at most ``--timeout`` seconds
in all. Targets (issue 12): 0 failed turns, every session intact, p95 ≤ 3 s.

``--embedding hash`` (default) is the 64-dimension test embedding: it indexes in seconds, and keeps query
encoding (the slow part of a draft on 2 cores) out of the figure; ``--embedding hybrid`` measures the default.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from assistant.drafting.session import SessionStore  # noqa: E402
from eval.report import calibration, machine, percentile  # noqa: E402

BRIEF = "我们单位要办职业技能培训项目{n}，预算{budget}万元，计划培训{people}人，2026年12月底前完成。直接生成"
REVISIONS = ["满意度改成95%", "培训人数改为600人", "加一个时效指标", "删除第3行", "预算改为60万"]
# /send's outputs as an API client receives them (gr.State left out): see ui.draft_page.DraftPage.views
BROWSER, CHAT, NOTICE, MESSAGE = 0, 1, 14, 16
CLIENT_TIMEOUT = 120.0  # a browser waits for a busy server too; a slow answer is measured, not a failure


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _huge_session(home: Path, megabytes: int) -> None:
    """Another user's session with a very long conversation, as left by months of use."""
    if megabytes <= 0:
        return
    sessions = SessionStore(home / "sessions")
    session = sessions.new(owner="browser:someone-else")
    chunk = "很长的项目说明，" * 1000
    for _ in range(max(1, megabytes * 1024 * 1024 // (len(chunk.encode("utf-8")) + 64))):
        session.say("user", chunk)
    sessions.save(session)
    (home / "sessions" / ".index.json").unlink(missing_ok=True)  # the server indexes it on its own


def _start_server(home: Path, port: int, embedding: str) -> subprocess.Popen:
    env = {**os.environ, "JIXIAO_HOME": str(home), "JIXIAO_EMBEDDING": embedding, "GRADIO_ANALYTICS_ENABLED": "False",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")]))}
    for name in ("JIXIAO_LLM", "JIXIAO_AUTH", "JIXIAO_CHROMA_URL"):
        env.pop(name, None)
    command = [str(Path(sys.executable).with_name("jixiao")), "ui", "--host", "127.0.0.1", "--port", str(port)]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _wait_until_up(url: str, server: subprocess.Popen, deadline: float) -> None:
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"界面进程已退出：{server.stderr.read()[-2000:]}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit("界面在时限内没有启动")


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux), to state the server's cost per turn apart from load."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return float("nan")


def _conversation(url: str, n: int, turns: int, times: list, failures: list, ids: dict, deadline: float) -> None:
    from gradio_client import Client

    try:
        client = Client(url, verbose=False, httpx_kwargs={"timeout": CLIENT_TIMEOUT})
    except Exception as exc:  # noqa: BLE001 — counted as a failure of every turn this client would make
        failures.extend([f"客户端{n}：连接失败（{exc.__class__.__name__}）"] * turns)
        return
    history = []
    for turn in range(turns):
        if time.monotonic() > deadline:
            failures.append(f"客户端{n} 第{turn + 1}轮：超出时限，未执行")
            continue
        text = BRIEF.format(n=n, budget=40 + n, people=400 + n) if turn == 0 else REVISIONS[(turn - 1) % len(REVISIONS)]
        started = time.perf_counter()
        try:
            result = client.predict(text, history, api_name="/send")
        except Exception as exc:  # noqa: BLE001 — a failed turn, whatever the reason
            failures.append(f"客户端{n} 第{turn + 1}轮：{exc.__class__.__name__}：{str(exc)[:120]}")
            continue
        times.append(time.perf_counter() - started)
        ids[n], history = result[BROWSER]["session_id"], result[CHAT]
        if result[MESSAGE]:  # the page gives the text back only when the turn did not happen
            failures.append(f"客户端{n} 第{turn + 1}轮：{result[NOTICE]}")


def _check_sessions(home: Path, ids: dict, turns: int) -> list[str]:
    """Every client's session as saved: all its messages and versions, its own owner; no temporary files left."""
    problems = []
    folder = home / "sessions"
    sessions = SessionStore(folder)
    owners = set()
    for n, session_id in sorted(ids.items()):
        try:
            session = sessions.load(session_id)
        except (KeyError, ValueError) as exc:
            problems.append(f"客户端{n}：{exc}")
            continue
        owners.add(session.owner)
        if len(session.messages) != 2 * turns:
            problems.append(f"客户端{n}：保存了 {len(session.messages)} 条消息，应为 {2 * turns}")
        if session.form is None or len(session.versions) < turns - 1:
            problems.append(f"客户端{n}：只有 {len(session.versions)} 个版本")
    if len(owners) != len(ids):
        problems.append("有会话被两个客户端共用")
    leftovers = list(folder.glob(".tmp-*"))
    if leftovers:
        problems.append(f"残留临时文件 {len(leftovers)} 个")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--turns", type=int, default=5)
    parser.add_argument("--embedding", default="hash", choices=("hash", "hybrid", "e5", "lexical"))
    parser.add_argument("--huge-mb", type=int, default=20, help="another user's session file of this size (0: none)")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds for the whole run")
    args = parser.parse_args()
    deadline = time.monotonic() + args.timeout
    home = Path(tempfile.mkdtemp(prefix="jixiao-bench-"))
    _huge_session(home, args.huge_mb)
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    server = _start_server(home, port, args.embedding)
    try:
        _wait_until_up(url, server, deadline)
        from gradio_client import Client

        indexing = time.perf_counter()
        Client(url, verbose=False).predict(BRIEF.format(n=0, budget=50, people=500), [], api_name="/send")  # warm-up
        indexing = time.perf_counter() - indexing
        times, failures, ids = [], [], {}
        cpu_before, clients_before = _cpu_seconds(server.pid), time.process_time()
        started = time.perf_counter()
        threads = [threading.Thread(target=_conversation, args=(url, n, args.turns, times, failures, ids, deadline),
                                    daemon=True) for n in range(1, args.clients + 1)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(max(1.0, deadline - time.monotonic()))
        wall = time.perf_counter() - started
        server_cpu, clients_cpu = _cpu_seconds(server.pid) - cpu_before, time.process_time() - clients_before
        stuck = sum(thread.is_alive() for thread in threads)
        problems = _check_sessions(home, ids, args.turns)
    finally:
        server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
    total = args.clients * args.turns
    print(f"机器：{machine()}；{calibration()}")
    print(f"嵌入：{args.embedding}；离线起草；另一用户的会话文件 {args.huge_mb} MB；首轮（含建索引）{indexing:.1f} 秒")
    print(f"{args.clients} 个客户端 × {args.turns} 轮 = {total} 轮，用时 {wall:.1f} 秒；"
          f"服务进程 CPU {server_cpu:.1f} 秒，每轮 {server_cpu / max(1, len(times)) * 1000:.0f} 毫秒；"
          f"客户端（本进程）CPU {clients_cpu:.1f} 秒")
    print(f"失败的轮次：{len(failures)}（时限到时仍未结束的客户端 {stuck} 个）")
    for failure in failures[:10]:
        print(f"  - {failure}")
    print(f"会话完好：{len(ids) - len({p.split('：')[0] for p in problems if p.startswith('客户端')})}/{args.clients}"
          + ("" if not problems else "；" + "；".join(problems[:5])))
    if times:
        print(f"每轮用时 p50 {percentile(times, 50):.2f} 秒，p95 {percentile(times, 95):.2f} 秒，最长 {max(times):.2f} 秒"
              f"（{len(times)} 轮有回复）")
    if failures or problems or stuck:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
