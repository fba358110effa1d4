"""Kinds of project (项目类型): the vocabulary that says what a project, a precedent form or a row is about.

A kind is a group of projects whose indicator rows are interchangeable (老年助餐服务, 饮水安全工程, 档案数字化 …).
knowledge/library/kinds.csv lists each kind with
- ``cues``: words that, in a project's name or description, say the project is of this kind;
- ``generic_terms``: words typical of this kind's indicator rows and of no other kind's;
- ``not_cues`` (optional): phrases containing a cue that say the project is not of this kind (农机购置补贴 pays
  farmers who buy machines: it is no 购置 by the unit);
- ``activity`` (optional, 是): a kind of activity, not of subject (购置, 培训, 会议, 宣传 …): its rows speak of the
  activity (设备验收合格率, 参训人员出勤率), so a project of any subject carried out that way may use them.
Every kind of the indicator library has an entry; a library kind missing from kinds.csv still gets one, with
the parts of its name ("机关运行/物业" → 机关运行, 物业) as cues, so the library alone is enough to run.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from assistant.library import load_library, split_cell
from assistant.settings import KNOWLEDGE_DIR

KINDS_PATH = KNOWLEDGE_DIR / "library" / "kinds.csv"
COLUMNS = ("kind", "label", "sector", "cues", "generic_terms")


class KindsError(ValueError):
    """A malformed kinds file; str() names the file and line in Chinese."""


@dataclass(frozen=True)
class Kind:
    id: str  # as in the library's kind column, e.g. 机关运行/物业
    label: str  # how a reviewer names it: "像是{label}的指标"
    sector: str
    cues: tuple[str, ...]
    terms: tuple[str, ...]
    not_cues: tuple[str, ...] = ()
    activity: bool = False


@lru_cache(maxsize=4)
def load_kinds(path: Path | None = None) -> tuple[Kind, ...]:
    path = Path(path or KINDS_PATH)
    kinds: dict[str, Kind] = {}
    if path.exists():
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise KindsError(f"项目类型表 {path.name} 第1行缺少列：{'、'.join(missing)}")
            for line, record in enumerate(reader, start=2):
                kind_id = (record.get("kind") or "").strip()
                if not kind_id:
                    raise KindsError(f"项目类型表 {path.name} 第{line}行缺少项目类型")
                cues = split_cell(record.get("cues")) or split_cell(kind_id.replace("/", "|"))
                kinds[kind_id] = Kind(kind_id, (record.get("label") or kind_id).strip(),
                                      (record.get("sector") or "综合").strip(), cues, split_cell(record.get("generic_terms")),
                                      split_cell(record.get("not_cues")), (record.get("activity") or "").strip() == "是")
    for row in load_library():
        if row.kind not in kinds:
            kinds[row.kind] = Kind(row.kind, row.kind.replace("/", "、"), row.sector, split_cell(row.kind.replace("/", "|")), ())
    return tuple(kinds.values())

