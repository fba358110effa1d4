"""The interchange format: a PerformanceForm as JSON (one object, or a list of forms)."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from assistant.formio import FormReadError, ImportResult
from assistant.formio.limits import check_table_rows
from assistant.formio.messages import validation_message
from assistant.formio.text import decode_text
from assistant.schema import PerformanceForm


def read_json(path: Path) -> ImportResult:
    path = Path(path)
    try:
        data = json.loads(decode_text(path.read_bytes(), path.name, fallbacks=()))
    except json.JSONDecodeError as exc:
        raise FormReadError(f"{path.name}：JSON 格式错误（第{exc.lineno}行第{exc.colno}列）") from None
    except RecursionError:  # "[[[[…" 100,000 deep: the decoder gives up; no form is nested like that
        raise FormReadError(f"{path.name}：JSON 嵌套层数过多，不是一份申报表") from None
    items = data if isinstance(data, list) else [data]
    if not items:
        raise FormReadError(f"{path.name}：JSON 中没有表单（是一个空列表）")
    forms = []
    for number, item in enumerate(items, start=1):
        label = f"第{number}份表单" if len(items) > 1 else "表单"
        try:
            forms.append(PerformanceForm.model_validate(item))
        except ValidationError as exc:
            raise FormReadError(f"{path.name}：{label}{validation_message(exc)}") from None
        except RecursionError:
            raise FormReadError(f"{path.name}：{label}嵌套层数过多，不是一份申报表") from None
        for table, rows in forms[-1].tables():
            check_table_rows(len(rows), f"{path.name} {label}（{table}）")
    return ImportResult(forms=forms)


def write_json(form: PerformanceForm, path: Path) -> None:
    Path(path).write_text(form.model_dump_json(indent=2) + "\n", encoding="utf-8")
