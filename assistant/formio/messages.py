"""Chinese wording for the errors an import or export meets: pydantic's validation errors and the OS's.

Pydantic and the OS speak English ("Input should be a valid number", "No such file or directory"); a
message shown to the user says the same thing in Chinese, and keeps the field and the value it is about.
"""

from __future__ import annotations

import errno
import json

from pydantic import ValidationError

# pydantic-core error types → what the field should have been.
_EXPECTED = {
    "float_parsing": "应为数字", "float_type": "应为数字", "int_parsing": "应为整数", "int_type": "应为整数",
    "int_from_float": "应为整数", "decimal_parsing": "应为数字", "finite_number": "应为有限的数字",
    "string_type": "应为文字", "string_too_long": "文字过长", "string_too_short": "文字过短",
    "bool_parsing": "应为是或否（true/false）", "bool_type": "应为是或否（true/false）",
    "list_type": "应为列表", "tuple_type": "应为列表", "dict_type": "应为对象（键值对）",
    "model_type": "应为对象（键值对）", "model_attributes_type": "应为对象（键值对）",
    "missing": "缺少此字段", "extra_forbidden": "不允许此字段", "literal_error": "取值不在允许的范围内",
    "enum": "取值不在允许的范围内", "greater_than": "数值过小", "greater_than_equal": "数值过小",
    "less_than": "数值过大", "less_than_equal": "数值过大", "none_required": "应为空",
    "json_invalid": "不是有效的 JSON", "recursion_loop": "嵌套过深",
}

_OS_ERRORS = {
    errno.ENOENT: "找不到文件或文件夹", errno.EACCES: "没有权限", errno.EPERM: "不允许此操作",
    errno.ENOSPC: "磁盘空间不足", errno.EISDIR: "这是一个文件夹，不是文件", errno.ENOTDIR: "路径中有一项不是文件夹",
    errno.EROFS: "只读的文件系统，不能写入", errno.EEXIST: "文件已存在", errno.ENAMETOOLONG: "文件名过长",
    errno.EINVAL: "路径无效", errno.EBUSY: "文件正被占用", errno.EMFILE: "打开的文件过多",
}


def _value_text(value) -> str:
    if isinstance(value, str):
        text = f"“{value}”"
    else:
        try:
            text = json.dumps(value, ensure_ascii=False)  # null / true / 12.5 / [..], as the JSON file says it
        except (TypeError, ValueError):
            text = repr(value)
    return text if len(text) <= 40 else text[:40] + "…"


def field_error(error: dict, env_prefix: str = "") -> str:
    """One pydantic error as "字段 project.budget_wan 应为数字（实际为“abc”）"; with ``env_prefix`` (settings
    read from the environment) the field is named as its variable: "JIXIAO_PORT 应为整数（实际为“abc”）"."""
    place = ".".join(str(p) for p in error.get("loc", ()))
    if env_prefix:
        return f"{env_prefix}{place.upper()} {_expected(error)}{_given(error)}"
    if not place:  # the whole value, e.g. a JSON file holding "x" instead of a form
        return f"{_expected(error)}{_given(error)}"
    return f"字段 {place} {_expected(error)}{_given(error)}"


def _expected(error: dict) -> str:
    return _EXPECTED.get(error.get("type", ""), f"不符合格式（{error.get('type', '')}）")


def _given(error: dict) -> str:
    return "" if error.get("type") == "missing" or "input" not in error else f"（实际为{_value_text(error['input'])}）"


def validation_message(exc: ValidationError, limit: int = 3, env_prefix: str = "") -> str:
    """The first errors of a ValidationError in Chinese, joined by "；"."""
    errors = exc.errors()
    text = "；".join(field_error(e, env_prefix) for e in errors[:limit])
    return text + (f"；另有 {len(errors) - limit} 处" if len(errors) > limit else "")


def os_error_text(exc: OSError) -> str:
    """An OSError in Chinese: "找不到文件或文件夹" … (the English strerror only for a code not listed)."""
    return _OS_ERRORS.get(exc.errno, exc.strerror or type(exc).__name__)
