"""The indicator library: reusable 三级 rows by kind of project (knowledge/library/indicators.csv), and the
共性指标 by way of spending (knowledge/library/common.csv, ways listed with their cues in spending.csv).

A kind of project (老年助餐, 免疫规划 …) says what a project is about; a way of spending (工程建设, 补助发放,
运行维护, 文字成果 — the 共性指标库 of the domain notes) says how its money is spent, whatever it is about:
an 工程 is accepted on 工程验收合格率, a 补助 on 补助资金及时发放率. The 共性 rows serve a project of a kind the
library does not know, which would otherwise get only rows to fill in; a project of a known kind has its own.
Only rows reviewers keep are there: 设施完好率, 成果采纳应用率, 工程安全事故发生数, 补助对象认定准确率 and 补助资金足额发放率
were struck or rewritten in the panel rounds that saw them (eval/README.md, 第 15–16 轮) and are gone — a slot they
would fill is left to fill in and asked.

Rows are written in the local framework (成本指标 under 产出指标); to_indicator() moves them into
either framework, with the library id as the row's source.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel

from assistant import taxonomy
from assistant.schema import Indicator
from assistant.settings import KNOWLEDGE_DIR
from assistant.textsim import unsaid

LIBRARY_PATH = KNOWLEDGE_DIR / "library" / "indicators.csv"
COMMON_PATH = KNOWLEDGE_DIR / "library" / "common.csv"
SPENDING_PATH = KNOWLEDGE_DIR / "library" / "spending.csv"
COMMON_PREFIX = "共性:"  # the kind column of a 共性 row: 共性:<way of spending>
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


def is_common(row: LibraryRow) -> bool:
    return row.kind.startswith(COMMON_PREFIX)


def load_common() -> tuple[LibraryRow, ...]:
    """The 共性 rows: the same columns as the library, the kind being 共性:<way of spending>."""
    rows = load_library(COMMON_PATH)
    wrong = next((r for r in rows if not is_common(r)), None)
    if wrong is not None:
        raise LibraryError(f"共性指标库 {COMMON_PATH.name} 中“{wrong.name}”的类型应以“{COMMON_PREFIX}”开头")
    return rows


# What follows a cue used as a verb: whom it is given to, not a number, a standard or another item of a list.
_GIVEN_TO = r"(?![标准资金经费费金额每按和及与等的、一二三四五六七八九十百千万两])(?=[\u4e00-\u9fa5]{2})"


@dataclass(frozen=True)
class SpendingWay:
    id: str  # 共性:工程建设
    cues: tuple[str, ...]  # words in a project's name or description that say it spends this way
    # phrases containing a cue that say nothing of it: “就业补助资金” is money the upper level transfers, not a
    # 补助 paid to people
    not_cues: tuple[str, ...]
    # words a description (not the name) must also use to say it spends this way: in a description a 补助 is often
    # what the unit pays for its own work (每户次维修补助40元, 劳务补助, 送教补助); it is a grant when it is given
    # to someone (给予/发放/兑付…)
    text_cues: tuple[str, ...] = ()

    def describes(self, text: str) -> int:
        """The cue characters of this way in a project's description, none without one of its text cues or a cue
        used as a verb that takes whom it is given to (补助网点20个, 补助定点康复机构 — not 维修补助40元, 补助标准,
        劳务补助每人每月, 送教补助按…)."""
        said = unsaid(text, self.not_cues)
        if self.text_cues and not any(cue in said for cue in self.text_cues) and not re.search(
                "(?:" + "|".join(self.cues) + ")" + _GIVEN_TO, said):
            return 0
        return self.score(text)

    def score(self, words: str) -> int:
        words = unsaid(words, self.not_cues)
        return sum(len(cue) for cue in self.cues if cue in words)

    def first(self, words: str) -> int:
        """Where the first of its cues stands in ``words`` (len(words) when none does)."""
        words = unsaid(words, self.not_cues)
        return min((i for i in (words.find(cue) for cue in self.cues) if i >= 0), default=len(words))

    def heads(self, name: str) -> bool:
        """The name ends in a cue of this way (工业企业技术改造奖补 → 补助发放): in a Chinese noun phrase the last word
        says what the thing is, and a 改造 paid for by an 奖补 is the payee's work, not the project's."""
        core = re.sub(r"(?:项目经费|项目资金|专项资金|工作经费|项目|经费|资金)$", "", unsaid(name or "", self.not_cues))
        return any(core.endswith(cue) for cue in self.cues)


@lru_cache(maxsize=4)
def spending_table(path: Path | None = None) -> tuple[SpendingWay, ...]:
    path = Path(path or SPENDING_PATH)
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            records = list(csv.DictReader(handle))
    except OSError as exc:
        raise LibraryError(f"无法读取支出方式表 {path}：{exc}") from exc
    ways = []
    for line, record in enumerate(records, start=2):
        way, cues = (record.get("spending") or "").strip(), split_cell(record.get("cues"))
        if not way.startswith(COMMON_PREFIX) or not cues:
            raise LibraryError(f"支出方式表 {path.name} 第{line}行应有以“{COMMON_PREFIX}”开头的支出方式和提示词")
        ways.append(SpendingWay(way, cues, split_cell(record.get("not_cues")), split_cell(record.get("text_cues"))))
    return tuple(ways)


def split_cell(cell: str | None) -> tuple[str, ...]:
    """A word-list cell of the knowledge CSVs (cues, terms): “购置|设备采购” → (购置, 设备采购), each once."""
    return tuple(dict.fromkeys(w.strip() for w in (cell or "").split("|") if w.strip()))


def spending_ways(name: str, text: str = "") -> tuple[str, ...]:
    """How a project spends its money, read from its name (“校舍维修改造工程” → 共性:工程建设), or from its
    description when the name says nothing of it (then only the way it says most of); most cue characters first. A
    way the name ends in is the only one."""
    headed = tuple(way.id for way in spending_table() if way.heads(name))
    if len(headed) == 1:
        return headed
    scores = {way.id: way.score(name or "") for way in spending_table()}
    if found := sorted((w for w, s in scores.items() if s), key=lambda w: -scores[w]):
        return tuple(found)
    # From the description only the way it says most of, and of two it says as much of the one it says first (staff
    # name the main work first): a 修缮 project that also 测绘建档s its houses spends on building work, not a report.
    scores = {way: way.describes(text or "") for way in spending_table()}
    best = max(scores.values(), default=0)
    tied = [way for way, s in scores.items() if s and s == best]
    return (min(tied, key=lambda way: way.first(text or "")).id,) if tied else ()
