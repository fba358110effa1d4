"""The common indicator library (knowledge/library/indicators.csv): reusable 三级 rows by kind of project.

Rows are written in the local framework (成本指标 under 产出指标); to_indicator() moves them into
either framework, with the library id as the row's source.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel

from assistant import taxonomy
from assistant.schema import Indicator
from assistant.settings import KNOWLEDGE_DIR

LIBRARY_PATH = KNOWLEDGE_DIR / "library" / "indicators.csv"
COLUMNS = ("id", "kind", "sector", "level1", "level2", "name", "operator", "unit", "typical_value", "basis",
           "direction", "explanation", "slot")


def kind_named(kind: str, text: str) -> bool:
    """Is a kind of project named in the text? “机关运行/物业” is named by “物业管理项目”."""
    return any(part and part in text for part in kind.split("/"))


class LibraryError(ValueError):
    """A malformed library file; str() names the file and line in Chinese."""


class LibraryRow(BaseModel):
    id: str
    kind: str  # 项目类型, e.g. 培训
    sector: str
    level1: str
    level2: str
    name: str
    operator: str
    unit: str
    typical_value: str  # "95", or a range hint "100-500"
    basis: str
    direction: str  # 正向 / 反向
    explanation: str  # 指标解释
    slot: str = ""  # which brief fact fills it: people | sessions | rate | satisfaction | unit_cost …

    def named_in(self, text: str) -> bool:
        return kind_named(self.kind, text)

    @property
    def default_value(self) -> str:
        """The typical value as one value: the first number of a range, a deadline without 前."""
        value = self.typical_value.strip()
        if re.match(r"^\d+(\.\d+)?-\d", value):
            return value.split("-")[0]
        return value.removesuffix("前")

    def to_indicator(self, framework: str, value: str | None = None, unit: str | None = None) -> Indicator:
        level1, level2 = taxonomy.into_framework(self.level1, self.level2, framework)
        return Indicator(
            level1=level1, level2=level2, name=self.name, operator=self.operator,
            value=self.default_value if value is None else value, unit=self.unit if unit is None else unit,
            basis=self.basis, sources=[self.id],
        )


@lru_cache(maxsize=4)
def load_library(path: Path | None = None) -> tuple[LibraryRow, ...]:
    path = Path(path or LIBRARY_PATH)
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise LibraryError(f"无法读取指标库 {path}：{exc}") from exc
    rows = []
    with handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise LibraryError(f"指标库 {path.name} 第1行缺少列：{'、'.join(missing)}")
        for line, record in enumerate(reader, start=2):
            if None in record or any(record.get(c) is None for c in COLUMNS):
                raise LibraryError(f"指标库 {path.name} 第{line}行列数不对")
            row = LibraryRow(**{c: record[c].strip() for c in COLUMNS})
            if row.operator not in taxonomy.OPERATORS:
                raise LibraryError(f"指标库 {path.name} 第{line}行运算符“{row.operator}”不合法")
            rows.append(row)
    return tuple(rows)


def kinds() -> list[str]:
    return sorted({row.kind for row in load_library()})


def rows_for(kind=None, sector=None, level1=None, level2=None) -> list[LibraryRow]:
    return [
        row for row in load_library()
        if (kind is None or row.kind == kind) and (sector is None or row.sector == sector)
        and (level1 is None or row.level1 == level1) and (level2 is None or row.level2 == level2)
    ]
