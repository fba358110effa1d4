"""The indicator library: enough kinds and rows, legal rows, every kind covers the required 二级,
names a reviewer accepts, directions that match the operators, and no validator finding on any row."""

import re
from collections import Counter, defaultdict

import pytest

from assistant import taxonomy
from assistant.drafting.brief import extract_brief
from assistant.drafting.candidates import is_reusable
from assistant.drafting.composer import compose
from assistant.drafting.context import gather_context
from assistant.sectors import SECTOR_KEYWORDS
from assistant.library import LibraryError, kinds, load_library, rows_for
from assistant.schema import Goals, PerformanceForm, ProjectInfo
from assistant.validation import validate
from assistant.validation.facts import name_key
from assistant.validation.wording import vague_words

ROWS = load_library()
# The kinds of project the issue names (会议, 购置 … 竞赛/评价); the file may carry more.
REQUIRED_KINDS = ("培训", "会议", "购置", "调研/课题", "学生资助", "农田/水利工程", "道路工程", "机关运行/物业",
                  "救助/补贴发放", "就业培训", "公共卫生", "信息化运维", "科研", "文化活动", "竞赛/评价",
                  # the three sectors sectors.py guesses that had no rows (城乡建设, 市场监管, 财政金融)
                  "园林绿化/市政维护", "市场监管/食品安全", "金融/贴息补助")
NEW_KIND_SECTORS = {"园林绿化/市政维护": "城乡建设", "市场监管/食品安全": "市场监管", "金融/贴息补助": "财政金融"}
REQUIRED_SLOTS = {"数量指标", "质量指标", "时效指标", "成本指标", "效益", "服务对象满意度指标"}
ACTION_VERBS = ("确保", "保证", "实现", "力争", "完成", "做到", "提高", "提升", "加强", "推进", "促进", "开展", "做好",
                "落实", "保障")


def test_size_kinds_and_unique_ids():
    assert len(ROWS) >= 220
    assert len(kinds()) >= 15
    assert set(REQUIRED_KINDS) <= set(kinds())
    assert len({r.id for r in ROWS}) == len(ROWS)
    assert len(ROWS) >= 330 and len(kinds()) >= 20


@pytest.mark.parametrize("kind", sorted(NEW_KIND_SECTORS))
def test_new_kinds_have_their_sector_and_15_to_18_rows(kind):
    rows = rows_for(kind=kind)
    assert 15 <= len(rows) <= 18, len(rows)
    assert {r.sector for r in rows} == {NEW_KIND_SECTORS[kind]}


def test_every_sector_the_drafter_can_guess_has_library_rows():
    """A brief's sector picks the library rows it is drafted from: a sector without rows falls back to the
    whole library (会议议题完成率 for a 绿化 project)."""
    guessable = set(taxonomy.SECTORS) | set(SECTOR_KEYWORDS)
    assert {s: len(rows_for(sector=s)) for s in guessable if len(rows_for(sector=s)) < 15} == {}


def test_ids_follow_one_prefix_per_kind():
    prefixes = defaultdict(set)
    for row in ROWS:
        match = re.fullmatch(r"lib-([a-z]+)-(\d{3})", row.id)
        assert match, row.id
        prefixes[row.kind].add(match.group(1))
    assert all(len(p) == 1 for p in prefixes.values()), prefixes
    assert len({next(iter(p)) for p in prefixes.values()}) == len(prefixes)  # no prefix shared by two kinds


def test_no_duplicate_names_within_a_kind():
    for kind in kinds():
        keys = Counter(name_key(r.name) for r in rows_for(kind=kind))
        assert [k for k, n in keys.items() if n > 1] == [], kind


def test_rows_are_legal_in_both_frameworks():
    for row in ROWS:
        assert taxonomy.is_legal_pair(row.level1, row.level2, "local"), row.id
        moved = row.to_indicator("101")
        assert taxonomy.is_legal_pair(moved.level1, moved.level2, "101"), row.id
        assert row.operator in taxonomy.OPERATORS and row.basis in taxonomy.BASIS_VALUES, row.id
        assert row.direction in ("正向", "反向") and row.explanation, row.id
        if row.basis == "预算支出标准":
            assert row.level2 == "成本指标", row.id


@pytest.mark.parametrize("kind", REQUIRED_KINDS)
def test_every_kind_covers_the_required_slots(kind):
    got = {r.level2 if r.level1 != "效益指标" else "效益" for r in rows_for(kind=kind)}
    assert REQUIRED_SLOTS <= got, REQUIRED_SLOTS - got


def test_names_are_measurable_noun_phrases():
    for row in ROWS:
        assert not vague_words(row.name), row.id
        assert not row.name.startswith(ACTION_VERBS), row.id
        assert not re.search(r"[≥≤=<>]|达到\d|不低于|不少于|不超过", row.name), row.id  # no value in the name
        assert len(row.name) <= 20, row.id


def test_direction_matches_operator():
    """反向 (smaller is better: 成本, 投诉率, 故障率, 用时, 时限) uses ≤/<; 正向 uses ≥/>/= or 定性."""
    for row in ROWS:
        if row.direction == "反向":
            assert row.operator in ("≤", "<"), row.id
        else:
            assert row.operator in ("≥", ">", "=", "定性"), row.id
        if taxonomy.is_reverse(row.name) and not re.search(r"下降|降低|节约|减少", row.name):
            assert row.direction == "反向", row.id
        if row.level2 == "成本指标" and row.unit != "%":
            assert row.direction == "反向", row.id


def test_values_are_realistic():
    for row in ROWS:
        if row.operator == "定性":
            assert row.typical_value and not row.unit, row.id
            continue
        numbers = [float(n) for n in re.findall(r"\d+(?:\.\d+)?", row.typical_value)]
        assert numbers and row.unit, row.id
        assert re.fullmatch(r"\d+(\.\d+)?(-\d+(\.\d+)?)?", row.typical_value), row.id  # one value or a low-high hint
        if row.unit == "%":
            assert all(0 <= n <= 100 for n in numbers), row.id
            assert not (row.operator == "≥" and numbers[0] == 100), row.id  # ≥100% cannot be exceeded: =100%
        if row.level2 == "服务对象满意度指标":
            assert row.operator == "≥" and row.unit == "%" and 90 <= numbers[0] < 100, row.id
            assert row.name != "满意度" and row.name.endswith("满意度"), row.id
        if row.name.endswith("合格率"):
            # 95% or better, unless a national 行业标准 sets the floor (健康档案 90%)
            assert numbers[0] >= (90 if row.basis == "行业标准" else 95), row.id
        # inputs and process are not performance
        assert not any(w in row.name for w in ("到位率", "执行率", "拨付率", "支出率", "结余率", "制度")), row.id


def test_quantitative_rows_pass_the_composers_reuse_screen():
    """The offline composer reuses a library row only if a reviewer would accept it as written."""
    rejected = [r.id for r in ROWS if r.operator != "定性" and not is_reusable(r.to_indicator("local"))]
    assert rejected == []


def _kind_form(kind: str, framework: str) -> PerformanceForm:
    rows = rows_for(kind=kind)
    goal = f"实施{kind}项目，按计划完成年度任务。"
    return PerformanceForm(
        project=ProjectInfo(name=f"{kind}项目", unit="某单位", budget_wan=10000, year=2026),
        goals=Goals(annual=goal, long_term=goal),
        annual_indicators=[r.to_indicator(framework) for r in rows],
        long_term_indicators=[r.to_indicator(framework) for r in rows],
    )


@pytest.mark.parametrize("framework", taxonomy.FRAMEWORKS)
@pytest.mark.parametrize("kind", sorted({r.kind for r in ROWS}))
def test_validators_find_nothing_wrong_with_library_rows(kind, framework):
    """A form made of every row of a kind draws no error and no warning on any of its rows."""
    rows = rows_for(kind=kind)
    findings = validate(_kind_form(kind, framework), framework=framework)
    bad = [f"{rows[f.location.index].id} {f.rule} {f.message}" for f in findings
           if f.location.index is not None and f.severity in ("error", "warning")]
    assert bad == []
    assert [f.rule for f in findings if f.severity == "error"] == []


def test_validators_do_catch_a_broken_library_row():
    """The check above can fail: a library row turned into a defect is reported on its row."""
    form = _kind_form("培训", "local")
    index = next(i for i, r in enumerate(form.annual_indicators) if r.level2 == "成本指标")
    form.annual_indicators[index] = form.annual_indicators[index].with_value("≥", "800", "元/人")
    rules = {f.rule for f in validate(form, framework="local") if f.location.index == index}
    assert "budget.cost_operator" in rules


def test_to_indicator_cites_the_row_and_takes_the_typical_value():
    row = next(r for r in ROWS if r.typical_value == "100-500")
    indicator = row.to_indicator("local")
    assert indicator.sources == [row.id] and indicator.value == "100"


def test_malformed_file_names_the_line(tmp_path):
    path = tmp_path / "bad.csv"
    good = ",".join(["id", "kind", "sector", "level1", "level2", "name", "operator", "unit", "typical_value", "basis",
                     "direction", "explanation", "slot"])
    path.write_text(good + "\nx,培训,教育,产出指标,数量指标,培训人数,约,人,1,计划标准,正向,说明,\n", encoding="utf-8")
    with pytest.raises(LibraryError, match="第2行"):
        load_library(path)


SECTOR_BRIEFS = (
    ("城区绿化养护项目，预算300万元，养护绿地面积120万平方米", "城乡建设"),
    ("2026年食品安全监督抽检项目，预算80万元，抽检食品1200批次", "市场监管"),
    ("2026年创业担保贷款贴息项目，预算112万元，贴息300户", "财政金融"),
)


@pytest.mark.parametrize("text,sector", SECTOR_BRIEFS)
def test_a_sector_brief_borrows_no_other_sectors_library_rows(text, sector, knowledge_store):
    """质量/效益/满意度 rows drafted for a 绿化 (食品安全, 贴息) brief come from its own sector's library kind,
    never from 会议、学生资助、公共卫生 …; the draft stays free of validator errors."""
    brief = extract_brief(text)
    assert brief.sector == sector
    draft = compose(brief, gather_context(brief, knowledge_store, "local"), "local")
    by_id = {r.id: r for r in ROWS}
    judged = [r for r in draft.form.annual_indicators
              if r.level2 == "质量指标" or r.level1 in ("效益指标", "满意度指标")]
    cited = [(r.level1, r.name, by_id[s.removeprefix("lib:")]) for r in judged for s in r.sources if s.startswith("lib:")]
    assert [(name, lib.id, lib.kind) for _, name, lib in cited if lib.sector != sector] == []
    for level1 in ("效益指标", "满意度指标"):  # and the sector's own kind does fill them
        assert any(lib.sector == sector for l1, _, lib in cited if l1 == level1), level1
    assert any(r.level2 == "质量指标" for r in judged)
    assert [f.rule for f in draft.findings if f.severity == "error"] == []
