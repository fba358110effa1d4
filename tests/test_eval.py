"""Evaluation: the metric functions, the defect injectors, small end-to-end runs and the `jixiao eval` commands."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from assistant import taxonomy
from assistant.cli import app
from assistant.schema import Indicator, PerformanceForm
from assistant.settings import KNOWLEDGE_DIR
from assistant.textsim import dice
from assistant.validation import validate
from assistant.validation.facts import goal_quantities
from eval import drafts as ed
from eval import validators as ev
from eval.report import EvalForm, is_held_out, load_forms, percentile

# Three development forms (never the held-out ones) for the end-to-end runs.
E2E_FORMS = ("001_huangshi-dangxiao-zhutiban", "005_zhaohua-tekun-jiating-zaifuzhu", "020_ninghe-minbanyuan-fangzu-butie")
runner = CliRunner()


def row(level1, level2, name, raw, basis="计划标准") -> Indicator:
    parsed = taxonomy.parse_value(raw)
    return Indicator(level1=level1, level2=level2, name=name, operator=parsed.operator, value=parsed.value,
                     unit=parsed.unit, raw_value=raw, basis=basis)


@pytest.fixture(scope="module")
def e2e_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("forms")
    for stem in E2E_FORMS:
        shutil.copy(KNOWLEDGE_DIR / "forms" / f"{stem}.json", folder / f"{stem}.json")
    return folder


# ---- metrics ---------------------------------------------------------------------------------


def test_match_names_is_one_to_one_and_most_similar_first():
    real = ["职业技能培训人数", "培训人数", "学员满意度"]
    draft = ["培训人数", "满意度"]
    matched = ed.match_names(real, draft, dice, 0.5)
    # "培训人数" is claimed by its exact twin (real #1), not by the longer real #0 seen first
    assert (1, 0, 1.0) in matched
    assert all(i != 0 for i, _, _ in matched)
    assert len({j for _, j, _ in matched}) == len(matched)  # a drafted row matches at most one real row
    assert [(i, j) for i, j, _ in matched] == [(1, 0), (2, 1)]


def test_match_names_respects_the_threshold():
    assert ed.match_names(["培训人数"], ["道路修缮里程"], dice, 0.5) == []
    score = dice("培训合格率", "培训考核合格率")
    assert ed.match_names(["培训合格率"], ["培训考核合格率"], dice, score) != []
    assert ed.match_names(["培训合格率"], ["培训考核合格率"], dice, score + 0.01) == []


def test_values_agree_on_operator_unit_and_ten_percent():
    real = row("产出指标", "数量指标", "培训人数", "≥500人")
    assert ed.values_agree(row("产出指标", "数量指标", "x", "≥540人"), real) is True
    assert ed.values_agree(row("产出指标", "数量指标", "x", "≥560人"), real) is False  # 12% off
    assert ed.values_agree(row("产出指标", "数量指标", "x", "=500人"), real) is False  # other operator
    assert ed.values_agree(row("产出指标", "数量指标", "x", "≥500次"), real) is False  # other unit
    cost = row("产出指标", "成本指标", "总成本", "≤26万元")
    assert ed.values_agree(row("产出指标", "成本指标", "x", "≤260000元"), cost) is True  # 元 ↔ 万元
    assert ed.values_agree(row("效益指标", "社会效益指标", "x", "明显提升"), real) is None  # 定性: not compared


def test_level2_recall_pools_cost_across_frameworks():
    real = [row("产出指标", "数量指标", "a", "≥1人"), row("产出指标", "成本指标", "b", "≤1万元"),
            row("满意度指标", "服务对象满意度指标", "c", "≥90%")]
    draft = [row("产出指标", "数量指标", "a", "≥1人"), row("成本指标", "经济成本指标", "b", "≤1万元")]
    assert ed.level2_recall(draft, real) == pytest.approx(2 / 3)
    assert ed.level2_recall(real, real) == 1.0
    assert ed.level2_recall(draft, []) is None


def test_required_covered_needs_every_required_slot():
    rows = [row("产出指标", "数量指标", "a", "≥1人"), row("产出指标", "质量指标", "b", "≥90%"),
            row("产出指标", "时效指标", "c", "≤2026年12月31日"), row("效益指标", "生态效益指标", "d", "≥95%"),
            row("满意度指标", "服务对象满意度指标", "e", "≥90%")]
    assert ed.required_covered(rows)
    for missing in range(len(rows)):
        assert not ed.required_covered(rows[:missing] + rows[missing + 1:])


def test_numbers_carried_counts_goal_numbers_found_in_values():
    goal = "全年培训488人，创业培训1.2万人，举办6期。"
    assert len(goal_quantities(goal)) == 3
    rows = [row("产出指标", "数量指标", "培训人数", "≥488人"), row("产出指标", "数量指标", "创业培训人数", "≥12000人"),
            row("产出指标", "数量指标", "期数", "=5期")]
    assert ed.numbers_carried(goal, rows) == (2, 3)
    assert ed.numbers_carried(goal, []) == (0, 3)


def test_compare_a_table_with_itself_is_perfect(clean_form):
    real = clean_form.annual_indicators
    result = ed.compare(real, real, clean_form.goals.annual, None)
    assert result["dice_recall"] == result["dice_precision"] == result["level2_recall"] == 1.0
    assert result["value_agree"] == result["value_pairs"] > 0
    assert result["numbers_carried"] == result["numbers_stated"] > 0


def test_percentile_and_held_out_split():
    assert percentile([1, 2, 3, 4], 50) == pytest.approx(2.5)
    assert percentile([1, 2, 3, 4], 95) == pytest.approx(3.85)
    assert percentile([], 50) is None
    from eval.report import HELD_OUT

    assert len(HELD_OUT) == 9 and all(is_held_out(form_id) for form_id in HELD_OUT)
    assert not is_held_out("038_hanyin-puhui-jinrong") and not is_held_out("ezhou-2026-2")


def test_no_test_rule_or_vocabulary_names_a_held_out_form():
    """The held-out forms measure generalisation only while nothing is tuned on them: no test, module or
    knowledge list (library, kinds, guidelines) names one, nor its project."""
    import json
    from pathlib import Path

    from eval.report import HELD_OUT

    repo = Path(__file__).resolve().parent.parent
    names = [json.loads((repo / "knowledge" / "forms" / f"{form_id}.json").read_text(encoding="utf-8"))["project"]["name"]
             for form_id in HELD_OUT]
    places = [*(repo / "tests").glob("*.py"), *(repo / "assistant").rglob("*.py"), *(repo / "ui").rglob("*.py"),
              *(repo / "knowledge" / "library").glob("*.csv"), *(repo / "knowledge" / "guidelines").glob("*.md"),
              *(repo / "eval" / "briefs").rglob("*.json")]
    for path in places:
        if path.name == "test_eval.py":
            continue
        text = path.read_text(encoding="utf-8")
        for form_id, name in zip(HELD_OUT, names):
            assert form_id.split("_")[0] + "_" not in text, (path, form_id)
            assert name not in text, (path, name)


def test_leave_one_out_excludes_the_same_id_or_the_same_project(clean_form):
    shipped = {"001_a": clean_form.project.name, "002_b": "别的项目"}
    copy = EvalForm("clean", None, clean_form)  # same project as 001_a, from another file
    assert ed.leave_one_out(copy, shipped) == ("001_a",)
    assert ed.leave_one_out(EvalForm("002_b", None, clean_form.model_copy(deep=True)), {"002_b": "x"}) == ("002_b",)


def test_embedding_similarity_is_cosine_of_the_vectors():
    vectors = {"a": [1.0, 0.0], "b": [1.0, 1.0], "c": [0.0, 2.0]}
    sim = ed.EmbeddingSimilarity(lambda texts: [vectors[t] for t in texts], "test")
    assert sim("a", "a") == pytest.approx(1.0)
    assert sim("a", "b") == pytest.approx(2 ** -0.5)
    assert sim("a", "c") == pytest.approx(0.0)
    assert sim("b", "a") == sim("a", "b")


# ---- end to end ------------------------------------------------------------------------------


def _cited_forms(form: PerformanceForm) -> set[str]:
    """The precedent form ids a draft's rows cite ("form:<id>#annual:3")."""
    return {s.split(":", 1)[1].split("#")[0] for r in form.annual_indicators for s in r.sources if s.startswith("form:")}


def test_leave_one_out_holds_on_the_chroma_store(knowledge_store):
    """The real store on disk (test embedding): a drafted form never cites the form it is evaluated against,
    while without the exclusion it does (so the check can fail)."""
    store = knowledge_store
    forms, _ = load_forms(KNOWLEDGE_DIR / "forms")
    shipped = ed.shipped_names()
    drafter = ed.Drafter(store)
    for item in [f for f in forms if f.id in ("002_yueyang-gaobiaozhun-nongtian", "029_yuzhong-jiuye-buzhu-zipingbiao")]:
        exclude = ed.leave_one_out(item, shipped)
        assert item.id in exclude
        brief = ed.brief_for(item.form)
        assert not _cited_forms(drafter.draft(brief, "local", exclude).form) & set(exclude)
        assert ed.nearest_precedent(item.form, store, exclude)[0] not in exclude
        if item.id == "002_yueyang-gaobiaozhun-nongtian":
            assert item.id in _cited_forms(drafter.draft(brief, "local", ()).form)
            assert ed.nearest_precedent(item.form, store, ())[0] == item.id


def test_draft_eval_end_to_end(e2e_dir, knowledge_store):
    forms, problems = load_forms(e2e_dir)
    assert problems == [] and [f.id for f in forms] == list(E2E_FORMS)
    payload = ed.run_draft_eval(forms, ed.Drafter(knowledge_store), knowledge_label="Chroma 知识库")
    assert payload["settings"]["knowledge"] == "Chroma 知识库" and payload["settings"]["mode"] == "offline"
    for record in payload["forms"]:
        assert record["form"] in record["excluded"]  # leave-one-out
        systems = record["systems"]
        assert systems["nearest"]["precedent"] not in record["excluded"]
        for name in ("jixiao", "nearest", "template"):
            assert 0 <= systems[name]["dice_recall"] <= 1 and 0 <= systems[name]["level2_recall"] <= 1
        assert systems["jixiao"]["latency_s"] > 0
    summary = payload["summary"]["all"]
    assert summary["jixiao"]["forms"] == 3 and payload["summary"]["held_out"]["jixiao"]["forms"] == 0
    assert set(payload["targets"]["all"]) >= {"recall_ratio_met", "required_met", "zero_error_met"}


def test_validator_eval_end_to_end(e2e_dir):
    forms, _ = load_forms(e2e_dir)
    payload = ev.run_validator_eval(forms, trials=1, seed=3)
    assert set(payload["kinds"]) == set(ev.INJECTORS)
    overall = payload["overall"]["all"]
    assert overall["injected"] == sum(k["all"]["injected"] for k in payload["kinds"].values()) > 0
    assert overall["recall"] == overall["detected"] / overall["injected"]
    assert len(payload["real_forms"]) == 3
    for real in payload["real_forms"]:
        assert len(real["error_list"]) == real["error"]
    assert payload["false_alarms"]["all"]["errors"] == sum(r["error"] for r in payload["real_forms"])
    again = ev.run_validator_eval(forms, trials=1, seed=3)
    assert again["overall"] == payload["overall"]  # the same seed, the same trials


def test_cli_eval_validators_writes_markdown_and_json(e2e_dir, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["eval", "validators", str(e2e_dir), "-o", str(out), "--trials", "1"])
    assert result.exit_code == 0, result.output
    data = json.loads((out / "validators.json").read_text(encoding="utf-8"))
    assert data["forms"] == 3
    assert "校验器检出率" in (out / "validators.md").read_text(encoding="utf-8")


@pytest.fixture
def store_env(knowledge_store):
    """JIXIAO_* naming the session's shipped-knowledge store, for commands that open the store themselves."""
    from pathlib import Path

    from assistant.settings import reload_settings

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JIXIAO_HOME", str(Path(knowledge_store.location).parent))
        patch.setenv("JIXIAO_EMBEDDING", "hash")
        patch.delenv("JIXIAO_CHROMA_URL", raising=False)
        reload_settings()
        yield knowledge_store
    reload_settings()


def test_cli_eval_drafts_writes_markdown_and_json(e2e_dir, tmp_path, store_env):
    out = tmp_path / "out"
    result = runner.invoke(app, ["eval", "drafts", str(e2e_dir), "-o", str(out), "--limit", "2"])
    assert result.exit_code == 0, result.output
    data = json.loads((out / "drafts.json").read_text(encoding="utf-8"))
    assert len(data["forms"]) == 2 and data["settings"]["embedding"]
    assert data["summary"]["all"]["jixiao"]["embed_recall"] is not None
    assert "起草质量评测" in (out / "drafts.md").read_text(encoding="utf-8")


def test_cli_eval_bad_folder_is_a_chinese_error(tmp_path):
    result = runner.invoke(app, ["eval", "drafts", str(tmp_path / "nope")])
    assert result.exit_code == 2 and "不是文件夹" in result.output
    empty = tmp_path / "empty"
    empty.mkdir()
    result = runner.invoke(app, ["eval", "validators", str(empty)])
    assert result.exit_code == 2 and "没有可评测的表单" in result.output


def test_deadlines_in_every_written_form_are_checked_against_the_budget_year(clean_form):
    """The injected variants, checked directly: dotted, dashed and quarter dates count; a decimal amount does not."""
    def errors(raw, level2="时效指标", name="项目完成时间"):
        rows = [r for r in clean_form.annual_indicators if r.level2 != "时效指标"] + [row("产出指标", level2, name, raw)]
        form = clean_form.model_copy(update={"annual_indicators": rows})
        return [f.rule for f in validate(form) if f.rule == "values.deadline_outside_year"]

    for late in ("2027.12.31", "≤2027-12-31", "2027/6/30前", "2027年第一季度", "2027年6月底前"):
        assert errors(late), late
    for fine in ("2026.12.31", "≤2026-12-31", "2026年第四季度", "2026年12月底前"):
        assert not errors(fine), fine
    assert not errors("≤2027.5万元", "成本指标", "项目总成本")  # an amount, not a date


def test_cli_eval_drafts_llm_mode_against_a_stub_server(e2e_dir, tmp_path, monkeypatch, store_env):
    """--llm: the real LangChain client against an OpenAI-compatible server on 127.0.0.1; each form's brief is
    sent, the answers are measured like the composer's, and a failing model is a result, not a crash."""
    from tests.llm_stub import StubLLM, error_reply, tool_reply
    from tests.test_llm_chain import _context, answer_for

    def run(out):
        result = runner.invoke(app, ["eval", "drafts", str(e2e_dir), "--llm", "--no-embed",
                                     "--limit", "2", "-o", str(out)])
        assert result.exit_code == 0, result.output
        return json.loads((out / "drafts.json").read_text(encoding="utf-8"))

    with StubLLM() as stub:
        stub.chat_model(monkeypatch)  # JIXIAO_LLM* now name the stub
        brief, context = _context(store_env)
        stub.script("submit_form", tool_reply("submit_form", answer_for(brief, context)))
        data = run(tmp_path / "ok")
        sent = [str(m.get("content")) for r in stub.requests_for("submit_form") for m in r["body"]["messages"]]
    assert data["settings"]["mode"] == "llm" and data["summary"]["all"]["llm"]["failed"] == 0
    for record in data["forms"]:
        assert {"dice_recall", "errors", "latency_s"} <= set(record["systems"]["llm"])
        assert any(record["name"] in text for text in sent)  # this form's brief reached the model
    assert "大模型起草" in (tmp_path / "ok" / "drafts.md").read_text(encoding="utf-8")

    with StubLLM() as stub:
        stub.chat_model(monkeypatch)
        stub.script("submit_form", error_reply(401, "bad key"))
        data = run(tmp_path / "bad")
    assert data["summary"]["all"]["llm"]["failed"] == 2
    assert all("401" in r["systems"]["llm"]["failed"] for r in data["forms"])


def test_cli_eval_drafts_llm_without_a_model_is_a_chinese_error(e2e_dir, monkeypatch, store_env):
    monkeypatch.delenv("JIXIAO_LLM", raising=False)
    from assistant.settings import reload_settings

    reload_settings()
    result = runner.invoke(app, ["eval", "drafts", str(e2e_dir), "--llm"])
    assert result.exit_code == 2 and "未配置大模型" in result.output


def test_panel_figures_keep_fresh_briefs_apart(tmp_path):
    """The fresh briefs' drafts are read mixed among the development drafts; their figures are counted apart."""
    import json

    from eval import panel

    def draft(draft_id, verdicts):
        return {"id": draft_id, "rows": [{"row": i + 1, "name": f"行{i}", "verdict": v} for i, v in enumerate(verdicts)]}

    (tmp_path / "r9-a.json").write_text(json.dumps({"reviewer": "A", "drafts": [
        draft("01-x", ["keep", "keep"]), draft("f01-y", ["strike", "fix"])]}), encoding="utf-8")
    drafts = panel.load_round("r9", tmp_path)
    assert [panel.group_of(d["id"]) for d in drafts] == ["dev", "fresh"]
    text = panel.markdown("r9", drafts)
    assert "开发集简报：1 份草稿、2 行：保留 2（100.0%）" in text
    assert "第一批新鲜简报（fresh）：1 份草稿、2 行：保留 0（0.0%）、修改 1、删除 1（50.0%）" in text
    assert panel.group_of("g03-x") == "fresh2" and panel.group_of("h16-x") == "fresh3"
    assert panel.group_of("i01-x") == "fresh4" and panel.group_of("k16-x") == "fresh6"


def test_a_rounds_verdicts_laid_on_later_drafts_drop_removed_rows_and_list_unseen_ones():
    from eval import panel

    drafts = [{"id": "01-x", "rows": [{"name": "甲", "verdict": "keep"}, {"name": "乙", "verdict": "strike"}]}]
    records = [{"id": "01-x", "form": {"annual_indicators": [{"name": "甲"}, {"name": "丙"}]}},
               {"id": "02-y", "form": {"annual_indicators": [{"name": "丁"}]}}]  # not read in that round
    counts, unseen = panel.rescored(drafts, records)
    assert dict(counts) == {"keep": 1} and unseen == [("01-x", "丙")]
