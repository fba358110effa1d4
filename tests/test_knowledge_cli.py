"""`jixiao ingest` and `jixiao search` on a real Chroma store in a temporary JIXIAO_HOME (hash embedding)."""

import json
import shutil

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.settings import KNOWLEDGE_DIR, reload_settings

runner = CliRunner()


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    """One store for the module: the shipped knowledge/ is indexed once (hash embedding, no model)."""
    path = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JIXIAO_HOME", str(path))
        patch.setenv("JIXIAO_EMBEDDING", "hash")
        patch.delenv("JIXIAO_CHROMA_URL", raising=False)
        reload_settings()
        yield path
    reload_settings()


@pytest.fixture
def approved(tmp_path):
    folder = tmp_path / "approved"
    folder.mkdir()
    form = json.loads((KNOWLEDGE_DIR / "forms" / "ezhou-2026-2.json").read_text(encoding="utf-8"))
    form["project"]["name"] = "2027年区级创业培训补贴"
    (folder / "dept-2027.json").write_text(json.dumps(form, ensure_ascii=False), encoding="utf-8")
    (folder / "scan.docx").write_bytes(b"not a word file")
    return folder


def invoke(*args):
    return runner.invoke(app, list(args))


def flat(text: str) -> str:
    """The output without the line breaks and spaces rich adds to fit the terminal."""
    return "".join(text.split())


def test_ingest_reports_added_then_unchanged_and_the_bad_file(home, approved):
    first = invoke("ingest", str(approved))
    assert first.exit_code == 0, first.output
    assert "入库结果" in first.output and "dept-2027" in first.output
    assert "scan.docx" in first.output and "失败" in first.output
    second = invoke("ingest", str(approved))
    assert second.exit_code == 0
    table = second.output.split("入库结果")[1]
    assert "│ 新增" in table and "│    0 │" in table.split("│ 替换")[0]  # nothing added the second time
    assert "未变" in table


def test_search_json_shows_score_source_and_row(home, approved):
    invoke("ingest", str(approved))
    result = invoke("search", "区级创业培训补贴", "--kind", "forms", "-k", "3", "--json")
    assert result.exit_code == 0, result.output
    hits = json.loads(result.output)
    assert hits[0]["id"] == "dept-2027" and hits[0]["source"] == "form:dept-2027"
    assert hits[0]["score"] >= hits[-1]["score"] and "form_json" not in hits[0]["metadata"]

    rows = json.loads(invoke("search", "受训人数", "--kind", "indicators", "-k", "5", "--json").output)
    assert len(rows) == 5
    assert all(r["source"].startswith("form:") and "三级指标:" in r["text"] for r in rows)
    assert {"form_id", "table", "row", "sector"} <= set(rows[0]["metadata"])


def test_search_table_output(home):
    result = invoke("search", "满意度", "--kind", "library", "-k", "2")
    assert result.exit_code == 0
    assert "通用指标库" in result.output and "lib:" in result.output and "相似度" in result.output


@pytest.mark.parametrize("args, message", [
    (("search", "受训人数", "--kind", "people"), "未知的检索类别"),
    (("search", "受训人数", "-k", "0"), "-k须在"),
    (("ingest",), "请指定"),
    (("ingest", "/no/such/folder"), "找不到"),
])
def test_bad_arguments_exit_2_in_chinese(home, args, message):
    result = invoke(*args)
    assert result.exit_code == 2
    assert message in flat(result.output) and "Traceback" not in result.output


def test_another_embedding_exits_2_and_rebuild_fixes_it(home, approved, monkeypatch):
    invoke("ingest", str(approved))
    monkeypatch.setenv("JIXIAO_EMBEDDING", "lexical")
    reload_settings()
    refused = invoke("search", "受训人数")
    assert refused.exit_code == 2 and "jixiaoingest--rebuild" in flat(refused.output)
    drafting = invoke("draft", "--text", "职业技能培训项目，预算26万元，培训500人，2026年完成")
    assert drafting.exit_code == 2 and "jixiaoingest--rebuild" in flat(drafting.output)  # no second search
    assert str(home / "chroma") in flat(drafting.output)  # the error names the store
    rebuilt = invoke("ingest", "--rebuild")
    assert rebuilt.exit_code == 0 and "已重建知识库" in rebuilt.output
    found = json.loads(invoke("search", "区级创业培训补贴", "--json", "-k", "1").output)
    assert found[0]["id"] == "dept-2027"  # the ingested form survived the rebuild
    monkeypatch.setenv("JIXIAO_EMBEDDING", "hash")
    reload_settings()
    shutil.rmtree(home / "chroma")  # leave the module's store as the other tests expect it


def test_help_is_chinese():
    assert "知识库" in invoke("ingest", "--help").output
    assert "检索" in invoke("search", "--help").output
