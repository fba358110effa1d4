"""The one contract of jixiao: a performance-goal form (项目支出绩效目标申报表/批复表) and what is said about it.

Parser output, store metadata, LLM structured output, validators, the UI table and every export
use these models and nothing else. Field names follow the interchange format in DESIGN.md.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from assistant import taxonomy

# 计算符号: "" means none was written (a bare number), which the validators flag.
Operator = Literal["=", "≥", "≤", ">", "<", "定性", ""]
TableName = Literal["annual", "long_term"]
Severity = Literal["error", "warning", "info"]

TABLE_TITLES: dict[str, str] = {"annual": "年度绩效目标表", "long_term": "长期绩效目标表"}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class ProjectInfo(_Model):
    """项目基本信息. 金额 always in 万元."""

    name: str = ""
    unit: str = ""  # 申报单位 / 实施单位
    department: str | None = None  # 主管部门
    budget_wan: float | None = None  # 项目预算（万元）; None when the source does not show it
    year: int | None = None  # 预算年度
    sector: str | None = None  # 所属领域, e.g. 就业培训, 教育 (taxonomy.SECTORS)


class Goals(_Model):
    long_term: str = ""  # 长期（中期）绩效目标
    annual: str = ""  # 年度绩效目标


class Indicator(_Model):
    """One row of an indicator table: 一级 / 二级 / 三级 with its value and 确定依据.

    ``raw_value`` is the 指标值 cell as written ("=15万", "≥95%"); ``operator``/``value``/``unit``
    are its parsed parts. When only the parts are given, ``raw_value`` is composed from them.
    """

    level1: str = ""  # 一级指标
    level2: str = ""  # 二级指标
    name: str = ""  # 三级指标
    operator: Operator = ""
    value: str = ""
    unit: str = ""
    basis: str = ""  # 指标值确定依据 (taxonomy.BASIS_VALUES, or as written)
    raw_value: str = ""
    sources: list[str] = Field(default_factory=list)  # precedent ids this row was grounded on
    actual: str | None = None  # 自评表 only: 全年实际完成值

    @model_validator(mode="after")
    def _compose_raw(self) -> "Indicator":
        if not self.raw_value and (self.value or self.operator):
            self.raw_value = taxonomy.compose_value(self.operator, self.value, self.unit)
        return self

    @classmethod
    def from_cells(
        cls, level1: str, level2: str, name: str, raw_value: str, basis: str = "", **extra
    ) -> "Indicator":
        """Build a row from cells as they stand in a table; the value cell is parsed."""
        parsed = taxonomy.parse_value(raw_value)
        return cls(
            level1=taxonomy.normalize_level1(level1),
            level2=taxonomy.normalize_level2(level2),
            name=name.strip(),
            operator=parsed.operator,
            value=parsed.value,
            unit=parsed.unit,
            basis=basis.strip(),
            raw_value=raw_value.strip(),
            **extra,
        )

    def with_value(self, operator: str, value: str, unit: str) -> "Indicator":
        """A copy with new value parts and a freshly composed ``raw_value``."""
        return self.model_copy(
            update={
                "operator": operator,
                "value": value,
                "unit": unit,
                "raw_value": taxonomy.compose_value(operator, value, unit),
            }
        )

    @property
    def number(self) -> float | None:
        """The value as a number, or None for 定性 / placeholders / prose."""
        return taxonomy.to_number(self.value)

    @property
    def is_quantitative(self) -> bool:
        return self.operator != "定性"


class PerformanceForm(_Model):
    project: ProjectInfo = Field(default_factory=ProjectInfo)
    goals: Goals = Field(default_factory=Goals)
    long_term_indicators: list[Indicator] = Field(default_factory=list)
    annual_indicators: list[Indicator] = Field(default_factory=list)
    source: str | None = None  # where an approved form came from

    def table(self, name: TableName) -> list[Indicator]:
        return self.annual_indicators if name == "annual" else self.long_term_indicators

    def tables(self) -> list[tuple[TableName, list[Indicator]]]:
        return [("long_term", self.long_term_indicators), ("annual", self.annual_indicators)]


class Location(_Model):
    """Where a finding points: a table row (and field), the project header, or the goal texts."""

    table: Literal["annual", "long_term", "project", "goals"]
    index: int | None = None  # 0-based row index within the table
    field: str | None = None  # e.g. "value", "level2", "budget_wan", "annual"

    def describe(self) -> str:
        """Where a finding points, in the reviewer's words: table and row (1-based), then the field —
        "年度表第3行（指标值）", "项目信息（项目预算）". The one wording (assistant.findings.place tells it)."""
        text = PLACE_LABELS.get(self.table, self.table)
        if self.index is not None:
            text += f"第{self.index + 1}行"
        if self.field:
            text += f"（{FIELD_LABELS.get(self.field, self.field)}）"
        return text


TABLE_SHORT = {"annual": "年度表", "long_term": "长期表"}
PLACE_LABELS = {"project": "项目信息", "goals": "绩效目标文本", **TABLE_SHORT}


FIELD_LABELS: dict[str, str] = {
    "level1": "一级指标",
    "level2": "二级指标",
    "name": "三级指标",
    "operator": "运算符",
    "value": "指标值",
    "unit": "单位",
    "basis": "确定依据",
    "raw_value": "指标值",
    "budget_wan": "项目预算",
    "name_project": "项目名称",
    "annual": "年度绩效目标",
    "long_term": "长期绩效目标",
}


class Finding(_Model):
    rule: str  # stable id, e.g. "budget.cost_exceeds_budget"
    severity: Severity
    location: Location
    message: str  # 中文: what is wrong
    suggestion: str = ""  # 中文: how to fix it


class Draft(_Model):
    """A drafted form with what the drafter and the validators said about it."""

    form: PerformanceForm
    findings: list[Finding] = Field(default_factory=list)
    mode: Literal["offline", "llm"] = "offline"
    notices: list[str] = Field(default_factory=list)  # 中文 notes for the user (fallbacks, repairs)
    question: str = ""  # 中文: the one thing the drafter asks the user next (a gap to fill, numbers that disagree)
    errors_before_repair: int = 0  # validator errors of the composed draft before repair removed any row
    removed_rows: list[str] = Field(default_factory=list)  # annual rows repair removed
