"""设置 page: which model (or 离线模式) and which knowledge store are active. Never shows a key."""

from __future__ import annotations

import gradio as gr

from assistant.llm import describe_llm, safe_url
from ui.services import Services


COUNT_LABELS = {"forms": "先例表", "indicators": "先例指标", "guidelines": "指南段落", "library": "指标库"}


def _table(info: dict[str, str]) -> str:
    return "\n".join(["| 项目 | 当前值 |", "|---|---|", *(f"| {k} | {v} |" for k, v in info.items())])


def settings_markdown(services: Services) -> str:
    settings = services.settings
    store_info = {
        "类型": f"Chroma 服务器 {safe_url(settings.chroma_url)}" if settings.chroma_url else "本地嵌入式 Chroma",
        "数据目录": str(settings.chroma_dir) if not settings.chroma_url else "由服务器保存",
        "嵌入方式": settings.embedding,
        "状态": {"ready": "已就绪", "loading": "正在打开/建立索引", "failed": "打开失败"}[services.status.state],
    }
    if services.status.state == "failed":
        store_info["问题"] = services.status.message
    counts = getattr(services.store, "counts", None)
    if callable(counts):
        try:
            found = counts()
            store_info["内容"] = "、".join(f"{COUNT_LABELS.get(k, k)} {v} 条" for k, v in found.items())
        except Exception:  # the counts are informative only; a store hiccup must not break the page
            store_info["内容"] = "暂时无法读取"
    app_info = {
        "会话草稿目录": str(settings.sessions_dir),
        "登录": f"已启用（{len(services.users)} 个用户，每人只看到自己的草稿）" if services.users else "未启用（JIXIAO_AUTH 未设置）",
        "起草方式": "大模型" if services.drafter.mode == "llm" else "离线起草器",
    }
    return "\n\n".join([
        "### 大模型", _table(describe_llm(settings)),
        "### 知识库", _table(store_info),
        "### 界面", _table(app_info),
        "配置通过环境变量（JIXIAO_LLM、JIXIAO_LLM_BASE_URL、JIXIAO_CHROMA_URL、JIXIAO_AUTH 等）设置，修改后重新启动 `jixiao ui` 生效。"
        "本页从不显示 API Key，只显示对应的环境变量是否已设置。",
    ])


def build(services: Services) -> None:
    # A callable value is evaluated on every page load, so the store's state is current.
    text = gr.Markdown(value=lambda: settings_markdown(services), elem_id="settings-text")
    with gr.Row():
        refresh = gr.Button("刷新", size="sm", scale=0, min_width=120, elem_id="settings-refresh")
    refresh.click(lambda: settings_markdown(services), outputs=text)
