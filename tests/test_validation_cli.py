"""`jixiao validate`: exit codes, JSON shape, the folder summary."""

from __future__ import annotations

import json
import shutil

from typer.testing import CliRunner

from assistant.cli import app
from tests.test_formio_text import SEED

CLEAN = """项目名称: 农民工职业技能培训项目
实施单位: 某市就业服务中心
项目金额: 50万元
项目期: 2026年
年度绩效目标（文字）: 2026年开展农民工职业技能培训500人，培训合格率不低于90%，培训后就业人数不少于300人。

绩效指标:
一级指标\t二级指标\t三级指标\t指标值\t指标值确定依据
产出指标\t数量指标\t农民工职业技能培训人数\t≥500人\t计划标准
产出指标\t质量指标\t培训合格率\t≥90%\t行业标准
产出指标\t时效指标\t培训完成时间\t≤2026年12月31日\t计划标准
产出指标\t成本指标\t人均培训补贴标准\t≤800元/人\t预算支出标准
效益指标\t社会效益指标\t培训后就业人数\t≥300人\t计划标准
满意度指标\t服务对象满意度指标\t受训学员满意度\t≥90%\t历史标准
"""

runner = CliRunner()


def _clean(tmp_path):
    path = tmp_path / "clean.txt"
    path.write_text(CLEAN, encoding="utf-8")
    return path


def test_clean_form_exits_0(tmp_path):
    result = runner.invoke(app, ["validate", str(_clean(tmp_path))])
    assert result.exit_code == 0, result.output
    assert "未发现问题" in result.output


def test_seed_exits_1_and_groups_by_severity():
    result = runner.invoke(app, ["validate", str(SEED)])
    assert result.exit_code == 1
    assert "错误（" in result.output and "警告（" in result.output
    assert "68万元" in result.output and "budget.cost_exceeds_budget" in result.output


def test_json_has_one_entry_per_form():
    result = runner.invoke(app, ["validate", "--json", str(SEED)])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [d["form"] for d in data] == ["职业技能鉴定及技能竞赛运转资金", "公共就业创业服务"]
    assert all(d["file"] == str(SEED) for d in data)
    finding = data[0]["findings"][0]
    assert set(finding) == {"rule", "severity", "location", "message", "suggestion"}
    assert finding["severity"] == "error"


def test_framework_override(tmp_path):
    result = runner.invoke(app, ["validate", "--json", "--framework", "101", str(_clean(tmp_path))])
    assert result.exit_code == 1  # under 101号 成本 is its own 一级: 产出/成本指标 is misplaced
    rules = {f["rule"] for f in json.loads(result.stdout)[0]["findings"]}
    assert {"structure.required_cost_101", "structure.illegal_pair"} <= rules
    bad = runner.invoke(app, ["validate", "--framework", "88", str(_clean(tmp_path))])
    assert bad.exit_code == 2 and "未知的指标框架" in bad.output


def test_folder_gives_a_batch_summary_and_skips_non_forms(tmp_path):
    _clean(tmp_path)
    shutil.copy(SEED, tmp_path / "seed.txt")
    (tmp_path / "notes.md").write_text("只是说明，不是表单。", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 1
    assert "批量校验汇总" in result.output
    assert "表单 3 份" in result.output and "跳过无法读取的文件 1 个" in result.output
    assert "最常见的问题" in result.output


def test_unreadable_or_missing_input_exits_2_in_chinese(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("没有指标表", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(bad)])
    assert result.exit_code == 2 and "错误：" in result.output and "未找到指标表" in result.output
    missing = runner.invoke(app, ["validate", str(tmp_path / "none.txt")])
    assert missing.exit_code == 2 and "找不到文件" in missing.output
    mixed = runner.invoke(app, ["validate", str(bad), str(_clean(tmp_path))])
    assert mixed.exit_code == 2


def test_semantic_review_with_a_missing_key_is_a_chinese_error(monkeypatch):
    from assistant.settings import reload_settings

    monkeypatch.setenv("JIXIAO_LLM", "deepseek:deepseek-chat")
    monkeypatch.delenv("DEEPSEEK_API_KEY", raising=False)
    reload_settings()
    try:
        result = runner.invoke(app, ["validate", str(SEED), "--semantic"])
    finally:
        monkeypatch.delenv("JIXIAO_LLM")
        reload_settings()
    assert result.exit_code == 2 and "DEEPSEEK_API_KEY" in result.output and "Traceback" not in result.output
