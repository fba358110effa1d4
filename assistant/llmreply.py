"""Reading a model's structured answer: with_structured_output's {raw, parsed, parsing_error} → our Pydantic
model, or a Chinese problem to send back as the re-ask (refusal, cut-off reply, no JSON, invalid fields).
Common slips are forgiven on the way (a number where text is expected, ">=" for ≥, a tool call written as
text in a ```json fence)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from langchain_core.messages import AIMessage
from langchain_core.output_parsers import JsonOutputParser
from pydantic import BaseModel, ValidationError

from assistant import taxonomy
from assistant.schema import FIELD_LABELS, TABLE_TITLES

if TYPE_CHECKING:
    from assistant.llmcall import Stage


def _short(text: str, limit: int = 120) -> str:
    text = re.sub(r"\s+", " ", str(text)).strip()
    return text if len(text) <= limit else text[:limit] + "…"


def _refusal(result: dict) -> str | None:
    raw, error = result["raw"], result["parsing_error"]
    refusal = (getattr(raw, "additional_kwargs", None) or {}).get("refusal")
    if refusal:
        return str(refusal)
    if error is not None and type(error).__name__.endswith("RefusalError"):
        return str(error)
    return None


def _unwrap(data: Any, stage: Stage) -> Any:
    """What models commonly wrap the answer in: a tool call written as text ({"name", "arguments"}), or
    an object keyed by the tool's name."""
    if isinstance(data, dict) and set(data) <= {"name", "arguments", "parameters"} and \
            isinstance(data.get("arguments", data.get("parameters")), dict):
        data = data.get("arguments", data.get("parameters"))
    if isinstance(data, dict) and set(data) == {stage.tool} and isinstance(data[stage.tool], dict):
        data = data[stage.tool]
    return data


def read_reply(result: dict, stage: Stage) -> tuple[BaseModel | None, str | None]:
    """(parsed model, None) or (None, 中文 problem to send back) from with_structured_output's result."""
    raw: AIMessage = result["raw"]
    refusal = _refusal(result)
    if refusal:
        return None, f"模型拒绝作答：{_short(refusal)}"
    if (raw.response_metadata or {}).get("finish_reason") == "length":
        return None, f"回复超过{stage.max_tokens}个token的上限，被截断：请写得更简短（指标名称和目标文本从简，不要重复）"
    data, error = result["parsed"], result["parsing_error"]
    text = raw.text if isinstance(raw.text, str) else str(raw.content or "")
    if data is None and error is None:
        if raw.invalid_tool_calls:
            return None, f"{stage.tool} 的参数不是合法的 JSON：{_short(raw.invalid_tool_calls[0].get('args') or '', 60)}"
        if not text.strip():
            return None, "回复为空"
        try:  # a tool call written as text (```json …```), as small local models do
            data = JsonOutputParser().parse(text)
        except Exception:  # noqa: BLE001
            return None, f"回复中没有可读的 JSON 对象：{_short(text, 60)}"
    elif error is not None:
        return None, f"回复不是合法的 JSON：{_short(text or str(error), 60)}"
    if data is None:
        return None, "回复中没有 JSON 对象"
    try:
        return stage.model.model_validate(_tidy(_unwrap(data, stage))), None
    except ValidationError as exc:
        return None, "字段不符合格式：\n" + "\n".join(_describe_error(e) for e in exc.errors()[:12])


_TEXT_FIELDS = ("value", "unit", "name", "basis", "level1", "level2", "label")


def _tidy(data: Any) -> Any:
    """Forgive what models commonly write and our models would reject: numbers where text is expected
    (value: 500), ">=" for ≥, a single source as a string. Anything else is left for validation."""
    if isinstance(data, list):
        return [_tidy(item) for item in data]
    if not isinstance(data, dict):
        return data
    out = {}
    for key, value in data.items():
        if key in _TEXT_FIELDS and isinstance(value, (int, float)) and not isinstance(value, bool):
            value = f"{value:g}"
        elif key == "operator" and isinstance(value, str) and value.strip():
            value = taxonomy.normalize_operator(value.strip()) or value
        elif key == "sources" and isinstance(value, str):
            value = [value]
        out[key] = _tidy(value)
    return out


_PYDANTIC_ZH = {"missing": "缺少此项", "literal_error": "取值不在允许范围内", "enum": "取值不在允许范围内",
                "string_type": "应为文字", "float_parsing": "应为数字", "float_type": "应为数字",
                "int_parsing": "应为整数", "int_type": "应为整数", "list_type": "应为列表", "dict_type": "应为对象",
                "model_type": "应为对象", "bool_type": "应为 true 或 false", "bool_parsing": "应为 true 或 false"}


def _describe_error(error: dict) -> str:
    place = []
    loc = list(error.get("loc", ()))
    for i, part in enumerate(loc):
        if isinstance(part, int) and i > 0 and loc[i - 1] in ("annual_indicators", "long_term_indicators"):
            continue
        if part in ("annual_indicators", "long_term_indicators"):
            table = TABLE_TITLES["annual" if part == "annual_indicators" else "long_term"]
            index = loc[i + 1] if i + 1 < len(loc) and isinstance(loc[i + 1], int) else None
            place.append(table + (f"第{index + 1}行" if index is not None else ""))
        else:
            place.append(FIELD_LABELS.get(str(part), str(part)))
    problem = _PYDANTIC_ZH.get(str(error.get("type")), "格式不正确")
    return f"- {'·'.join(place) or '整体'}（{'.'.join(map(str, loc))}）：{problem}"
