"""The indicator library: legal rows, every kind covers the required 二级, malformed files are named."""

from collections import defaultdict

import pytest

from assistant import taxonomy
from assistant.library import LibraryError, load_library

ROWS = load_library()


def test_size_and_unique_ids():
    assert len(ROWS) >= 140
    assert len({r.kind for r in ROWS}) >= 14
    assert len({r.id for r in ROWS}) == len(ROWS)


def test_rows_are_legal_in_both_frameworks():
    for row in ROWS:
        assert taxonomy.is_legal_pair(row.level1, row.level2, "local"), row.id
        moved = row.to_indicator("101")
        assert taxonomy.is_legal_pair(moved.level1, moved.level2, "101"), row.id
        assert row.operator in taxonomy.OPERATORS and row.basis in taxonomy.BASIS_VALUES, row.id
        if row.basis == "预算支出标准":
            assert row.level2 == "成本指标", row.id


def test_every_kind_covers_the_required_slots():
    slots = defaultdict(set)
    for row in ROWS:
        slots[row.kind].add(row.level2 if row.level1 != "效益指标" else "效益")
    for kind, got in slots.items():
        assert {"数量指标", "质量指标", "时效指标", "成本指标", "效益", "服务对象满意度指标"} <= got, kind


def test_satisfaction_and_reverse_rows_follow_the_rules():
    for row in ROWS:
        if row.level2 == "服务对象满意度指标":
            assert row.operator == "≥" and row.unit == "%" and 85 <= float(row.typical_value) < 100
            assert row.name != "满意度" and row.name.endswith("满意度")
        if taxonomy.is_reverse(row.name):
            assert row.operator in ("≤", "<"), row.id
        assert not any(w in row.name for w in ("到位率", "预算执行率", "拨付率")), row.id


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
