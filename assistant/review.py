"""Compare a form with its precedents, as a reviewer holds a draft beside approved forms of its kind.

    compare_with_precedents(form, store, k=3) -> PrecedentComparison

Three things a reviewer looks for:
- where each row came from: the user's own facts (``brief:…``), a precedent row (``form:<id>#<table>:<n>``)
  or the indicator library (``lib:<id>``) — the source ids the drafter cites on every row;
- values that differ from what precedents usually set for the same indicator (a 满意度 of ≥80% where
  approved forms of the kind set ≥90%; a row kept 定性 that precedents quantify; a reversed operator);
- rows the precedents have that the draft lacks (a 二级指标 they all fill, a 三级指标 they share).

The precedents are the forms the rows cite; a form without citations (an uploaded form under review) is
compared with its nearest forms in the store. ``store`` is the knowledge base (assistant.store.KnowledgeStore:
``similar_forms`` and ``get_form``); None gives a comparison with no precedents.
"""

from __future__ import annotations

import re
from statistics import median

from pydantic import BaseModel, Field

from assistant import taxonomy
from assistant.findings import TABLE_SHORT, row_label  # noqa: F401  (re-exported: callers name rows through review)
from assistant.schema import Indicator, PerformanceForm
from assistant.textsim import dice

# Two 三级指标 names are "the same indicator" at this character-bigram similarity (培训人数 / 培训人员数量).
SAME_NAME = 0.5
_FORM_SOURCE = re.compile(r"^form:(?P<id>[^#]+)#(?P<table>annual|long_term):(?P<row>\d+)$")


class SourceRef(BaseModel):
    """One parsed source id of a drafted row."""

    kind: str  # brief | form | lib | guide | other
    raw: str
    form_id: str | None = None
    table: str | None = None
    index: int | None = None  # 0-based row in the precedent's table
    detail: str = ""  # brief: the user's words; lib: the library row id; guide: "file · heading"

    @property
    def label(self) -> str:
        if self.kind == "brief":
            return f"用户提供：{self.detail}"
        if self.kind == "lib":
            return f"指标库 {self.detail}"
        if self.kind == "form" and self.table is not None and self.index is not None:
            return f"先例 {self.form_id} {row_label(self.table, self.index)}"
        if self.kind == "form":
            return f"先例 {self.form_id}"
        if self.kind == "guide":
            return f"指南 {self.detail}"
        return self.raw


def parse_source(raw: str) -> SourceRef:
    raw = (raw or "").strip()
    match = _FORM_SOURCE.match(raw)
    if match:
        return SourceRef(kind="form", raw=raw, form_id=match["id"], table=match["table"], index=int(match["row"]) - 1)
    if raw.startswith("form:") and "#" not in raw:  # a whole precedent form
        return SourceRef(kind="form", raw=raw, form_id=raw.removeprefix("form:"))
    if raw.startswith("guide:"):
        file, _, heading = raw.removeprefix("guide:").partition("#")
        return SourceRef(kind="guide", raw=raw, detail=f"{file} · {heading}" if heading else file)
    if raw.startswith("brief:"):
        return SourceRef(kind="brief", raw=raw, detail=raw.removeprefix("brief:"))
    if raw.startswith("lib:"):
        return SourceRef(kind="lib", raw=raw, detail=raw.removeprefix("lib:"))
    if raw.startswith("lib-"):  # library rows converted directly (LibraryRow.to_indicator) carry the bare id
        return SourceRef(kind="lib", raw=raw, detail=raw)
    return SourceRef(kind="other", raw=raw, detail=raw)


class Precedent(BaseModel):
    id: str
    name: str
    unit: str = ""
    sector: str | None = None
    year: int | None = None
    budget_wan: float | None = None
    score: float | None = None  # similarity to the form, when found by search
    cited_rows: int = 0  # how many of the form's rows cite it
    form: PerformanceForm


class RowOrigin(BaseModel):
    """Where one row of the form came from."""

    table: str
    index: int
    name: str
    kind: str  # brief | form | lib | mixed | none
    sources: list[SourceRef] = Field(default_factory=list)
    precedent_id: str | None = None  # the first cited precedent
    precedent_row: str | None = None  # "年度表第5行" of that precedent
    precedent_name: str | None = None  # 三级指标 of that precedent row
    precedent_value: str | None = None

    @property
    def label(self) -> str:
        return row_label(self.table, self.index)

    @property
    def description(self) -> str:
        if not self.sources:
            return "未注明来源"
        return "；".join(s.label for s in self.sources)


class ValueDifference(BaseModel):
    table: str
    index: int
    name: str
    value: str  # the form's 指标值 as written
    usual: str  # what precedents usually set, e.g. "≥90%" or "90%～95%"
    precedent_values: list[str] = Field(default_factory=list)  # "≥95%（先例 id）"
    message: str  # 中文

    @property
    def label(self) -> str:
        return row_label(self.table, self.index)


class MissingRow(BaseModel):
    level1: str
    level2: str
    name: str
    usual: str  # a typical value from the precedents
    precedent_ids: list[str] = Field(default_factory=list)
    message: str  # 中文


class PrecedentComparison(BaseModel):
    precedents: list[Precedent] = Field(default_factory=list)
    origins: list[RowOrigin] = Field(default_factory=list)
    differences: list[ValueDifference] = Field(default_factory=list)
    missing: list[MissingRow] = Field(default_factory=list)

    def origins_from(self, precedent_id: str) -> list[RowOrigin]:
        return [o for o in self.origins if any(s.form_id == precedent_id for s in o.sources)]


# ---- the comparison ---------------------------------------------------------------------------


def compare_with_precedents(
    form: PerformanceForm, store, k: int = 3, exclude_ids: tuple[str, ...] = ()
) -> PrecedentComparison:
    origins = [_origin(table, i, row, store) for table, rows in form.tables() for i, row in enumerate(rows)]
    precedents = _precedents(form, origins, store, k, exclude_ids)
    comparison = PrecedentComparison(precedents=precedents, origins=origins)
    if precedents:
        comparison.differences = _differences(form, precedents)
        comparison.missing = _missing(form, precedents)
    return comparison


def _origin(table: str, index: int, row: Indicator, store) -> RowOrigin:
    refs = [parse_source(s) for s in row.sources]
    kinds = {r.kind for r in refs}
    kind = "none" if not refs else (kinds.pop() if len(kinds) == 1 else "mixed")
    origin = RowOrigin(table=table, index=index, name=row.name, kind=kind, sources=refs)
    first = next((r for r in refs if r.kind == "form"), None)
    if first is not None:
        origin.precedent_id = first.form_id
        origin.precedent_row = row_label(first.table, first.index)
        cited = _get_form(store, first.form_id)
        if cited is not None and 0 <= first.index < len(cited.table(first.table)):
            precedent_row = cited.table(first.table)[first.index]
            origin.precedent_name, origin.precedent_value = precedent_row.name, precedent_row.raw_value
    return origin


def _get_form(store, form_id: str | None) -> PerformanceForm | None:
    if store is None or not form_id:
        return None
    try:
        return store.get_form(form_id)
    except (KeyError, ValueError):
        return None


def _precedents(form, origins, store, k, exclude_ids) -> list[Precedent]:
    """The cited forms, most-cited first; without citations the nearest forms of the store."""
    if store is None:
        return []
    counts: dict[str, int] = {}
    # Count the rows of one table (the annual one when present): drafts repeat rows in the long-term table.
    primary = "annual" if any(o.table == "annual" for o in origins) else "long_term"
    for origin in origins:
        for form_id in {s.form_id for s in origin.sources if s.kind == "form"}:
            counts[form_id] = counts.get(form_id, 0) + (origin.table == primary)
    chosen: list[tuple[str, float | None]] = [(fid, None) for fid in sorted(counts, key=lambda f: (-counts[f], f))]
    if not chosen:
        query = " ".join(p for p in (form.project.name, form.project.sector or "", form.goals.annual[:200]) if p)
        # one more than asked: a form under review may find itself
        hits = store.similar_forms(query or "项目", k=k + 1 + len(exclude_ids), exclude_ids=tuple(exclude_ids))
        chosen = [(h.id, float(h.score)) for h in hits if h.id not in exclude_ids]
    precedents = []
    for form_id, score in chosen:
        found = _get_form(store, form_id)
        if found is None or _same_form(found, form) or (score is not None and len(precedents) >= k):
            continue
        info = found.project
        precedents.append(Precedent(
            id=form_id, name=info.name, unit=info.unit, sector=info.sector, year=info.year,
            budget_wan=info.budget_wan, score=score, cited_rows=counts.get(form_id, 0), form=found,
        ))
    return precedents


def _same_form(a: PerformanceForm, b: PerformanceForm) -> bool:
    # A form under review that is itself in the store is not its own precedent.
    return a.project.name == b.project.name and a.annual_indicators == b.annual_indicators


def _precedent_rows(precedent: Precedent) -> list[Indicator]:
    return precedent.form.annual_indicators or precedent.form.long_term_indicators


def _same_indicator(a: Indicator, b: Indicator) -> bool:
    if taxonomy.normalize_level1(a.level1) == taxonomy.L1_SATISFACTION == taxonomy.normalize_level1(b.level1):
        return True  # every 满意度 row measures the same thing: the people served are satisfied
    return dice(a.name, b.name) >= SAME_NAME


def _matches(row: Indicator, precedents: list[Precedent]) -> list[tuple[str, Indicator]]:
    """Each precedent's best row for the same indicator (at most one per precedent)."""
    found = []
    for precedent in precedents:
        candidates = [r for r in _precedent_rows(precedent) if _same_indicator(row, r)]
        if candidates:
            found.append((precedent.id, max(candidates, key=lambda r: dice(row.name, r.name))))
    return found


def _differences(form: PerformanceForm, precedents: list[Precedent]) -> list[ValueDifference]:
    differences = []
    for table, rows in form.tables():
        for index, row in enumerate(rows):
            matches = _matches(row, precedents)
            message = _value_message(row, [m for _, m in matches]) if matches else None
            if message:
                usual, text = message
                differences.append(ValueDifference(
                    table=table, index=index, name=row.name, value=row.raw_value or row.value, usual=usual,
                    precedent_values=[f"{m.raw_value or m.value}（{fid}）" for fid, m in matches], message=text,
                ))
    return differences


def _value_message(row: Indicator, matches: list[Indicator]) -> tuple[str, str] | None:
    """What the precedents usually set, when the row departs from it; None when it agrees.

    Only comparable values are compared: rates (%) mean the same in every project, while counts and
    amounts scale with the project and differ for good reason.
    """
    quantified = [m for m in matches if m.is_quantitative and m.number is not None]
    if row.operator == "定性" and len(quantified) >= max(1, len(matches) // 2 + (len(matches) % 2)):
        usual = _usual_text(quantified)
        return usual, f"先例对该指标给出定量值（通常 {usual}），本表为定性描述，建议量化。"
    if row.number is None or row.unit != "%":
        return None
    rates = [m for m in quantified if m.unit == "%"]
    if not rates:
        return None
    operators = [m.operator for m in rates if m.operator]
    usual_op = max(set(operators), key=operators.count) if operators else ""
    usual = _usual_text(rates)
    if usual_op in ("≥", ">") and row.operator in ("≤", "<") or usual_op in ("≤", "<") and row.operator in ("≥", ">"):
        return usual, f"运算符与先例相反：本表 {row.raw_value}，先例通常 {usual}。"
    numbers = [m.number for m in rates]
    low, high = min(numbers), max(numbers)
    if low <= row.number <= high:
        return None
    side = "低于" if row.number < low else "高于"
    return usual, f"指标值{side}先例的常见取值：本表 {row.raw_value}，先例 {usual}。"


def _usual_text(rows: list[Indicator]) -> str:
    numbers = sorted(r.number for r in rows if r.number is not None)
    if not numbers:
        return "、".join(dict.fromkeys(r.raw_value for r in rows))
    operators = [r.operator for r in rows if r.operator]
    op = max(set(operators), key=operators.count) if operators else ""
    unit = rows[0].unit
    low, high = numbers[0], numbers[-1]
    if low == high:
        return taxonomy.compose_value(op, _fmt(low), unit)
    if len(numbers) >= 3:
        return f"{op}{_fmt(low)}{unit}～{_fmt(high)}{unit}（中位数 {_fmt(median(numbers))}{unit}）"
    return f"{op}{_fmt(low)}{unit}～{_fmt(high)}{unit}"


def _fmt(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else f"{number:g}"


def _level2_key(level2: str) -> str:
    # 地方格式 puts 成本指标 under 产出指标; 101号 has 成本指标 → 经济成本指标: the same kind of row.
    return taxonomy.into_framework(taxonomy.L1_OUTPUT, taxonomy.normalize_level2(level2), taxonomy.FRAMEWORK_101)[1]


def _missing(form: PerformanceForm, precedents: list[Precedent]) -> list[MissingRow]:
    """Rows the precedents share that the form lacks.

    A row counts when most precedents have it (the only one, or at least two and half of them); a
    二级指标 the form has no row of at all is named once even when only one precedent fills it.
    """
    own = form.annual_indicators + form.long_term_indicators
    own_level2 = {_level2_key(r.level2) for r in own}
    needed = 1 if len(precedents) == 1 else max(2, (len(precedents) + 1) // 2)
    groups: list[tuple[Indicator, list[str], list[Indicator]]] = []
    for precedent in precedents:
        for row in _precedent_rows(precedent):
            if not row.name or any(_same_indicator(row, mine) for mine in own):
                continue
            group = next((g for g in groups if _same_indicator(row, g[0])), None)
            if group is None:
                groups.append((row, [precedent.id], [row]))
            elif precedent.id not in group[1]:
                group[1].append(precedent.id)
                group[2].append(row)
    missing, named_level2 = [], set()
    for first, ids, rows in sorted(groups, key=lambda g: -len(g[1])):
        level2 = taxonomy.normalize_level2(first.level2)
        absent_level2 = bool(level2) and _level2_key(level2) not in own_level2  # a row without 二级 names none
        if len(ids) < needed and not (absent_level2 and _level2_key(level2) not in named_level2):
            continue
        named_level2.add(_level2_key(level2))
        note = f"本表没有“{level2}”类指标，" if absent_level2 else ""
        missing.append(MissingRow(
            level1=taxonomy.normalize_level1(first.level1), level2=level2, name=first.name,
            usual=_usual_text(rows), precedent_ids=ids,
            message=f"{note}{len(ids)}/{len(precedents)} 份先例设有“{first.name}”（{_usual_text(rows)}）。",
        ))
    return sorted(missing, key=lambda m: (-len(m.precedent_ids), m.level1, m.level2, m.name))
