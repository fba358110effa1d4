"""End to end in a real browser: Debian chromium driven by Playwright against the app on 127.0.0.1.

The knowledge store is the real embedded Chroma, indexed on first use in the test's own JIXIAO_HOME;
with the deterministic ``hash`` embedding (seconds) instead of the default hybrid e5 model (minutes
on two cores). Screenshots go to test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from assistant.formio import read_forms
from assistant.settings import REPO_ROOT, Settings

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = REPO_ROOT / "test-artifacts"
TRAINING = "我们单位要办职业技能培训项目，预算50万元，计划培训500人，2026年12月底前完成。直接生成"
GREENING = "我们要实施城区绿化养护项目，预算80万元，养护绿地面积120万平方米，2026年12月底前完成。直接生成"
CELL = '#draft-annual [data-testid="cell-{row}-{col}"]'


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("未安装 chromium：先运行 bash scripts/install-test-system-deps.sh")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


@pytest.fixture
def app(launch_ui, tmp_path):
    """The app with the real store opened (and indexed) in the background, offline drafting."""
    url, services = launch_ui(Settings(home=tmp_path / "home", embedding="hash"), llm=None)
    return url, services


def _open(browser, url, requests: list):
    context = browser.new_context(viewport={"width": 1600, "height": 1100}, accept_downloads=True, locale="zh-CN")
    page = context.new_page()
    page.on("request", lambda request: requests.append(request.url))
    page.goto(url)
    page.wait_for_selector("#draft-input textarea")
    return context, page


def _name(page) -> str:
    return page.locator("#draft-name").locator("input, textarea").first.input_value()


def _cell(page, row: int, col: int) -> str:
    # The first line: a selected cell also shows its menu button (⋮).
    return page.inner_text(CELL.format(row=row, col=col)).strip().split("\n")[0].strip()


def _wait_cell(page, row: int, col: int, predicate: str, timeout: float = 30_000) -> None:
    """Wait until the cell's text satisfies a JS predicate on ``t``."""
    selector = CELL.format(row=row, col=col)
    page.wait_for_function(
        f"() => {{ const c = document.querySelector('{selector}'); if (!c) return false; const t = c.innerText.trim().split('\\n')[0].trim(); return {predicate}; }}",
        timeout=timeout,
    )


def _edit(page, row: int, col: int, text: str) -> None:
    page.locator(CELL.format(row=row, col=col)).dblclick()
    page.wait_for_timeout(300)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def _send(page, text: str) -> float:
    page.fill("#draft-input textarea", text)
    started = time.perf_counter()
    page.click("#draft-send")
    return started


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_draft_edit_export_reload_in_a_real_browser(browser, app, tmp_path):
    url, services = app
    requests: list[str] = []
    context, page = _open(browser, url, requests)

    # First run: the shipped knowledge base is indexed with its progress shown at the top of the page.
    if services.status.state == "loading":
        page.wait_for_selector("#jx-banner:has-text('知识库')", timeout=30_000)
        _shot(page, "00-first-run-indexing")
    assert services.wait_for_store(300) and services.status.state == "ready"
    page.wait_for_selector("#jx-banner", state="hidden", timeout=30_000)

    started = _send(page, TRAINING)
    _wait_cell(page, 0, 2, "t.length > 0")
    first_draft = time.perf_counter() - started
    print(f"\n首稿出现用时（浏览器内，发送→年度表出现）：{first_draft:.2f} 秒")
    assert "培训" in _name(page)
    rows = services.sessions.load(services.sessions.list()[0].id).form.annual_indicators
    assert len(rows) >= 5 and _cell(page, 0, 2) == rows[0].name
    page.wait_for_selector("#draft-chat :text('已起草')")
    _shot(page, "01-first-draft")

    # A word in a quantitative value: kept, flagged on its row and in 问题; fixing it clears both.
    original = _cell(page, 0, 4)
    _edit(page, 0, 4, "很多")
    _wait_cell(page, 0, 8, "t.startsWith('✖')")
    assert _cell(page, 0, 4) == "很多"
    page.click("button[role='tab']:has-text('问题')")
    page.wait_for_selector("#draft-findings :text('年度表第1行')")
    _shot(page, "02-bad-edit-flagged")
    page.click("button[role='tab']:has-text('草稿')")
    _edit(page, 0, 4, original)
    _wait_cell(page, 0, 8, "t === '✓'")
    page.click("button[role='tab']:has-text('问题')")
    page.wait_for_function("() => !document.querySelector('#draft-findings').innerText.includes('年度表第1行')")
    page.click("button[role='tab']:has-text('先例')")
    page.wait_for_selector("#draft-precedents :text('引用的先例')")
    page.locator("#draft-precedents summary").first.click()  # the precedent's whole table, beside the draft
    page.wait_for_selector("#draft-precedents details[open] table")
    _shot(page, "03-precedents")
    page.click("button[role='tab']:has-text('草稿')")

    # Export to Excel, download it as a user would, and read it back.
    page.click("#draft-export-xlsx")
    link = page.locator("#draft-export-file a").first
    link.wait_for(timeout=30_000)
    with page.expect_download() as download:
        link.click()
    saved = tmp_path / "下载.xlsx"
    download.value.save_as(saved)
    session = services.sessions.load(services.sessions.list()[0].id)
    form = read_forms(saved).forms[0]
    assert [(r.level1, r.level2, r.name, r.raw_value, r.basis) for r in form.annual_indicators] == [
        (r.level1, r.level2, r.name, r.raw_value, r.basis) for r in session.form.annual_indicators]
    assert form.project.budget_wan == session.form.project.budget_wan

    # Reload: the same draft and conversation come back from the server.
    page.reload()
    _wait_cell(page, 0, 2, f"t === '{rows[0].name}'")
    assert _cell(page, 0, 4) == original
    page.wait_for_selector(f"#draft-chat :text('{TRAINING[:12]}')")
    _shot(page, "04-after-reload")

    # A second browser at the same time has its own, separate draft.
    other_context, other = _open(browser, url, requests)
    other.wait_for_selector("#draft-title :text('尚无草稿')")
    _send(other, GREENING)
    _wait_cell(other, 0, 2, "t.length > 0")
    assert "绿化" in _name(other)
    _shot(other, "05-second-browser")
    page.reload()
    _wait_cell(page, 0, 2, f"t === '{rows[0].name}'")
    assert "培训" in _name(page)
    assert len({s.id for s in services.sessions.list()}) == 2

    page.click("button[role='tab']:has-text('设置')")
    page.wait_for_selector("#settings-text :text('离线模式')")
    _shot(page, "06-settings")
    other_context.close()
    context.close()

    # Offline: every request the pages made stayed on 127.0.0.1.
    hosts = {urlsplit(u).hostname for u in requests if urlsplit(u).scheme in ("http", "https", "ws", "wss")}
    assert hosts == {"127.0.0.1"}, hosts


# ---- hostile text, the chat box, Chinese widgets --------------------------------------------------

HOSTILE = ('<div id="jx-overlay" style="position:fixed;top:0;left:0;width:100vw;height:100vh;'
           'background:#c00;z-index:99999">覆盖</div>')


@pytest.fixture
def light_app(launch_ui, tmp_path, knowledge_store):
    """The app on the session's shipped-knowledge store (already indexed), for tests about the page itself."""
    return launch_ui(Settings(home=tmp_path / "home"), store=knowledge_store, llm=None)


def test_names_and_messages_show_as_text_in_both_problem_tabs(browser, light_app, seeds, tmp_path):
    from assistant.formio import write_form

    url, _ = light_app
    form = seeds[0].model_copy(deep=True)
    form.annual_indicators[0].name = HOSTILE
    form.annual_indicators[0].value = "很多"  # the row gets a finding that quotes its name
    path = write_form(form, tmp_path / "表单.json")
    context, page = _open(browser, url, [])

    page.set_input_files("#draft-import input[type=file]", str(path))
    page.wait_for_selector("#draft-notice :text('已导入')", timeout=30_000)
    page.click("button[role='tab']:has-text('问题')")
    page.wait_for_selector("#draft-findings :text('<div id=')", timeout=30_000)
    assert page.locator("#jx-overlay").count() == 0  # shown as characters, never built into the page
    page.click("button[role='tab']:has-text('草稿')", timeout=5_000)  # nothing covers the page
    _send(page, "删除第1行")  # the chat and the 版本 tab quote the deleted row's name
    page.wait_for_selector("#draft-chat :text('删除：<div id=')", timeout=30_000)
    page.click("button[role='tab']:has-text('版本')")
    page.wait_for_selector("#draft-versions-text :text('<div id=')", timeout=30_000)
    assert page.locator("#jx-overlay").count() == 0
    _shot(page, "07-hostile-name-as-text")
    page.click("button[role='tab']:has-text('草稿')", timeout=5_000)

    page.click("button[role='tab']:has-text('审核')")
    page.set_input_files("#review-files input[type=file]", str(path))
    page.wait_for_timeout(500)
    page.click("#review-run")
    findings_tab = page.locator("button[role='tab']:has-text('问题')").nth(1)
    findings_tab.wait_for(timeout=30_000)
    page.wait_for_function("() => document.querySelector('#review-summary').innerText.includes('表单.json')",
                           timeout=30_000)
    findings_tab.click()
    page.wait_for_selector("#review-findings :text('<div id=')", timeout=30_000)
    assert page.locator("#jx-overlay").count() == 0
    assert "年度表第1行" in page.inner_text("#review-findings")  # one place wording on both pages
    page.click("button[role='tab']:has-text('起草')", timeout=5_000)
    context.close()


def test_enter_sends_shift_enter_breaks_the_line_and_widgets_speak_chinese(browser, light_app):
    url, services = light_app
    context = browser.new_context(viewport={"width": 1600, "height": 1100}, locale="en-US")  # an English browser
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector("#draft-input textarea")
    page.wait_for_selector("#draft-import :text('将文件拖放到此处')")
    body = page.inner_text("body")
    assert "Drop File Here" not in body and "Click to Upload" not in body and "点击上传" in body

    box = page.locator("#draft-input textarea")
    box.click()
    page.keyboard.type("我们单位要办职业技能培训项目，预算50万元")
    page.keyboard.press("Shift+Enter")
    page.keyboard.type("计划培训500人，2026年12月底前完成。直接生成")
    assert box.input_value().count("\n") == 1  # Shift+Enter only broke the line
    assert not any(s.title for s in services.sessions.list())
    page.keyboard.press("Enter")
    page.wait_for_selector("#draft-chat :text('已起草')", timeout=60_000)
    assert box.input_value() == ""
    assert "计划培训500人" in services.sessions.load(services.sessions.list()[0].id).messages[0].content
    context.close()
