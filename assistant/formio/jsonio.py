"""The interchange format: a PerformanceForm as JSON (one object, or a list of forms)."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from assistant.formio import FormReadError, ImportResult
from assistant.formio.limits import check_table_rows
from assistant.schema import PerformanceForm


def read_json(path: Path) -> ImportResult:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        raise FormReadError(f"{path.name}：不是 UTF-8 编码的 JSON 文件") from None
    except json.JSONDecodeError as exc:
        raise FormReadError(f"{path.name}：JSON 格式错误（第{exc.lineno}行第{exc.colno}列）") from None
    items = data if isinstance(data, list) else [data]
    forms = []
    for number, item in enumerate(items, start=1):
        try:
            forms.append(PerformanceForm.model_validate(item))
        except ValidationError as exc:
            first = exc.errors()[0]
            place = ".".join(str(p) for p in first["loc"]) or "（根）"
            label = f"第{number}份表单" if len(items) > 1 else "表单"
            raise FormReadError(f"{path.name}：{label}字段 {place} 不符合格式（{first['msg']}）") from None
        for table, rows in forms[-1].tables():
            check_table_rows(len(rows), f"{path.name} 第{number}份表单 {table}")
    return ImportResult(forms=forms)


def write_json(form: PerformanceForm, path: Path) -> None:
    Path(path).write_text(form.model_dump_json(indent=2) + "\n", encoding="utf-8")
