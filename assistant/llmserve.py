"""A local GGUF model served on 127.0.0.1 with llama.cpp's OpenAI-compatible server (the prebuilt
``xllamacpp`` wheel, optional extra ``jixiao[llm-local]``): for units with a model file but no server.

    server, url = start_server("model.gguf", port=8080)     # in this process, until it exits
    gguf_metadata("model.gguf")["general.name"]             # what the file says it is

jixiao then connects like to any OpenAI-compatible endpoint: JIXIAO_LLM=openai:<name>,
JIXIAO_LLM_BASE_URL=http://127.0.0.1:8080/v1 (json_schema structured output, decoded under the schema).
"""

from __future__ import annotations

import os
import struct
from pathlib import Path

HOST = "127.0.0.1"  # never another interface: the server has no key
CONTEXT = 8192  # a ≤2,000-token draft prompt, its answer and two re-asks
FILE_TYPES = {7: "Q8_0", 15: "Q4_K_M", 17: "Q5_K_M", 18: "Q6_K", 1: "F16", 0: "F32", 2: "Q4_0"}
_SCALARS = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?", 10: "<Q", 11: "<q", 12: "<d"}


class ServeError(RuntimeError):
    """The model cannot be served; str() is Chinese and names the file or the package."""


def gguf_metadata(path: str | Path) -> dict[str, object]:
    """The key/value header of a GGUF file (arrays summarised as "[n items]"). Raises ServeError."""
    path = Path(path)
    if not path.is_file():
        raise ServeError(f"找不到模型文件 {path}")
    try:
        with path.open("rb") as f:
            if f.read(4) != b"GGUF":
                raise ServeError(f"{path.name} 不是 GGUF 模型文件")
            f.read(4)  # version
            _tensors, count = struct.unpack("<QQ", f.read(16))

            def text() -> str:
                (n,) = struct.unpack("<Q", f.read(8))
                return f.read(n).decode("utf-8", "replace")

            def value(kind: int) -> object:
                if kind == 8:
                    return text()
                if kind == 9:
                    item, n = struct.unpack("<IQ", f.read(12))
                    for _ in range(n):
                        value(item) if item in (8, 9) else f.seek(struct.calcsize(_SCALARS[item]), 1)
                    return f"[{n} items]"
                fmt = _SCALARS[kind]
                return struct.unpack(fmt, f.read(struct.calcsize(fmt)))[0]

            meta = {}
            for _ in range(count):
                key = text()
                (kind,) = struct.unpack("<I", f.read(4))
                meta[key] = value(kind)
            return meta
    except (OSError, struct.error, KeyError) as exc:
        raise ServeError(f"无法读取模型文件 {path}：{exc}") from exc


def describe_model(path: str | Path) -> str:
    """e.g. "Qwen2.5 Coder 0.5B Instruct AWQ（qwen2，0.5B，Q4_K_M）"."""
    meta = gguf_metadata(path)
    kind = FILE_TYPES.get(int(meta.get("general.file_type", -1)), f"file_type {meta.get('general.file_type')}")
    parts = [str(meta.get("general.architecture", "?")), str(meta.get("general.size_label", "")), kind]
    return f"{meta.get('general.name', Path(path).stem)}（{'，'.join(p for p in parts if p)}）"


def start_server(model: str | Path, port: int = 8080, threads: int | None = None, context: int = CONTEXT):
    """Start llama.cpp's server on 127.0.0.1:port in this process; returns (server, base URL of /v1)."""
    model = Path(model)
    if not model.is_file():
        raise ServeError(f"找不到模型文件 {model}")
    gguf_metadata(model)  # a clear error for a file that is not a model
    try:
        import xllamacpp
    except ImportError as exc:
        raise ServeError("未安装 xllamacpp：请运行 pip install 'jixiao[llm-local]'（见 README“本机模型文件”）") from exc
    params = xllamacpp.CommonParams()
    params.model.path = str(model)
    params.model_alias = model.stem
    params.hostnames = [HOST]
    params.port = port
    params.n_ctx = context
    params.n_parallel = 1  # one request at a time: on a few cores a second one only slows the first
    threads = threads or os.cpu_count() or 2
    params.cpuparams.n_threads = threads
    params.cpuparams_batch.n_threads = threads
    params.cpuparams.poll = 0  # no spinning between tokens: the cores are shared
    params.cpuparams_batch.poll = 0
    params.use_jinja = True  # the model's own chat template
    params.warmup = False
    try:
        server = xllamacpp.Server(params)
    except Exception as exc:  # noqa: BLE001 — llama.cpp's own message, told where it came from
        raise ServeError(f"llama.cpp 无法加载 {model.name}：{exc}") from exc
    return server, f"http://{HOST}:{port}/v1"
