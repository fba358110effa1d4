"""Pasted text: tables copied out of a budget system, and transcribed published forms.

Two layouts are read:
- the budget system's copy (the seed): a title line "项目支出绩效目标批复表/申报表" starts each form;
  "项目名称⇥…⇥项目预算⇥26", "长期绩效目标1⇥<p>…</p>", then "长期绩效目标表" and "年度绩效目标表"
  sections each with a header row and tab-separated rows;
- transcribed forms: "键: 值" header lines (项目名称, 项目金额, 年度绩效目标（文字）…), indented
  continuation lines, and one or more tab-separated tables with their own header row.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from assistant.formio import FormReadError, ImportResult
from assistant.formio.grid import Header, ImportProblem, find_header, read_rows
from assistant.money import label_unit, money_wan
from assistant.schema import Goals, PerformanceForm, ProjectInfo

_FORM_TITLE = re.compile(r"^项目支出绩效目标(批复|申报)表")
_TABLE_MARKERS = {"长期绩效目标表": "long_term", "中期绩效目标表": "long_term", "年度绩效目标表": "annual"}
# "键: 值"; a key is short, but may carry a long parenthetical note: "总体目标（中期目标/年度目标两栏，…）: …".
_KEY_LINE = re.compile(r"^([^\s:：\t][^:：\t]{0,40}?(?:[（(][^:：\t]*[)）])?)\s*[:：]\s*(.*)$")
_NESTED = " › "  # joins an indented key to the key above it (keys themselves may contain "/")
_EMPTY = {"", "[空]", "[缺]", "无"}
_YEAR = re.compile(r"(20\d{2})\s*年")


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.rstrip("\r\n").split("\t")]


def clean_goal_text(text: str) -> str:
    """Goal texts arrive with HTML (<p>, <br>, &nbsp;): keep the words, one line per paragraph."""
    text = re.sub(r"(?i)<br\s*/?>|</p>\s*<p[^>]*>", "\n", text)
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return "\n".join(part.strip() for part in text.splitlines() if part.strip())


_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def decode_text(raw: bytes, name: str, fallbacks: tuple[str, ...] = ("gb18030",)) -> str:
    """A text file's characters: UTF-8, UTF-16 with its BOM (Windows Notepad's "Unicode"), or a fallback
    (GB18030, what Chinese Windows saves as "ANSI"). Raises FormReadError naming the file."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                raise FormReadError(f"{name}：文件以 {encoding.upper()} 标记开头，但内容无法按此编码读取") from None
    for encoding in ("utf-8", *fallbacks):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:  # a binary file, or UTF-16 without its BOM
            raise FormReadError(f"{name}：不是文本文件（若是 UTF-16 文本，请另存为 UTF-8）")
        return text
    raise FormReadError(f"{name}：无法识别文件编码（请保存为 UTF-8 文本；记事本中“Unicode”或“UTF-8”均可）")


def read_text_file(path: Path) -> ImportResult:
    return parse_text(decode_text(path.read_bytes(), path.name), path.name)


def parse_text(text: str, where: str = "") -> ImportResult:
    """Parse pasted text holding one or more forms; raise FormReadError when there is no indicator table."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if any(_FORM_TITLE.match(line.strip()) for line in lines):
        chunks = _split_system_forms(lines)
        result = ImportResult()
        for chunk in chunks:
            form, problems = _parse_system_form(chunk, where)
            result.forms.append(form)
            result.problems.extend(problems)
    else:
        form, problems = _parse_transcribed(lines, where)
        result = ImportResult([form], problems)
    if not any(f.annual_indicators or f.long_term_indicators for f in result.forms):
        label = where or "粘贴的文本"
        raise FormReadError(f"{label}：未找到指标表（需要含“一级指标、二级指标、三级指标、指标值”的表头行）")
    return result


def _where(where: str, line_no: int) -> str:
    return f"{where} 第{line_no}行" if where else f"第{line_no}行"


# ---- budget-system copy (the seed layout) ------------------------------------------------------


def _split_system_forms(lines: list[str]) -> list[list[tuple[int, str]]]:
    chunks: list[list[tuple[int, str]]] = []
    for number, line in enumerate(lines, start=1):
        if _FORM_TITLE.match(line.strip()):
            chunks.append([])
        if chunks:
            chunks[-1].append((number, line))
    return chunks


def _parse_system_form(chunk: list[tuple[int, str]], where: str) -> tuple[PerformanceForm, list[ImportProblem]]:
    project = ProjectInfo()
    goals = Goals()
    title = chunk[0][1].strip()
    year = _YEAR.search(title)
    project.year = int(year.group(1)) if year else None
    tables: dict[str, tuple[Header | None, list[tuple[str, list[str]]]]] = {}
    current: str | None = None
    expect_unit = False
    for number, line in chunk[1:]:
        cells = _cells(line)
        nonempty = [c for c in cells if c]
        if not nonempty:
            continue
        first = nonempty[0]
        if expect_unit and "\t" not in line and not first.startswith("金额单位"):
            project.unit, expect_unit = first, False
            continue
        if first.startswith("申报单位") or first.startswith("单位名称"):
            rest = re.sub(r"^(申报单位|单位名称)[:：]?", "", first).strip()
            project.unit = rest or project.unit
            expect_unit = not rest
            continue
        if first in _TABLE_MARKERS:
            current = _TABLE_MARKERS[first]
            tables[current] = (None, [])
            continue
        if current is not None:
            header, rows = tables[current]
            if header is None:
                found = find_header(cells)
                if found:
                    tables[current] = (found, rows)
                continue
            rows.append((_where(where, number), cells))
            continue
        _read_system_header_cells(nonempty, project, goals)
    problems: list[ImportProblem] = []
    form = PerformanceForm(project=project, goals=goals)
    for table, (header, rows) in tables.items():
        if header is None:
            problems.append(ImportProblem(where, f"“{project.name}”的{_table_label(table)}缺少表头行"))
            continue
        read = read_rows(rows, header)
        form.table(table).extend(read.indicators)  # type: ignore[arg-type]
        problems.extend(read.problems)
    return form, problems


def _table_label(table: str) -> str:
    return "年度绩效目标表" if table == "annual" else "长期绩效目标表"


def _read_system_header_cells(cells: list[str], project: ProjectInfo, goals: Goals) -> None:
    """Header rows of the system copy: label cells followed by their values."""
    for i, cell in enumerate(cells[:-1]):
        value = cells[i + 1]
        if cell == "项目名称":
            project.name = value
        elif _base_key(cell) in ("项目预算", "项目金额", "预算金额") and (amount := money_wan(value, label_unit(cell) or "万元")) is not None:
            project.budget_wan = amount
        elif cell in ("主管部门", "主管单位"):
            project.department = value
        elif re.match(r"^(长期|中期)绩效目标\d*$", cell):
            goals.long_term = _join(goals.long_term, clean_goal_text(value))
        elif re.match(r"^年度绩效目标\d*$", cell):
            goals.annual = _join(goals.annual, clean_goal_text(value))


def _join(existing: str, more: str) -> str:
    return f"{existing}\n{more}" if existing and more else existing or more


# ---- transcribed forms ("键: 值" header lines + a table) ----------------------------------------

_NAME_KEYS = ("项目名称", "项目(专项)名称", "专项名称", "专项资金名称", "二级项目名称", "资金名称")
_UNIT_KEYS = ("实施单位", "具体实施单位", "项目执行单位", "项目单位", "申报单位", "预算单位", "填报单位", "编制单位",
              "主管部门/实施单位", "单位名称", "单位", "单位信息")
_DEPARTMENT_KEYS = ("主管部门", "项目主管部门", "主管预算部门", "县级主管部门", "主管部门及代码", "主管部门/实施单位")
_BUDGET_KEYS = ("项目预算", "项目预算金额", "项目金额", "项目资金", "年度资金总额", "项目当年预算", "项目总预算",
                "年度预算安排", "资金总额", "预算申报数", "当年预算", "资金情况", "专项资金情况", "预算执行情况",
                "项目资金申请")
_ANNUAL_GOAL_KEYS = ("年度绩效目标（文字）", "年度绩效目标(文字)", "年度目标", "年度绩效目标文本", "年度绩效目标",
                     "本年度绩效目标", "当年绩效目标", "项目年度目标", "本年度目标", "当年目标",
                     "年度总体目标", "绩效目标", "项目绩效总目标", "项目年度绩效目标", "年度绩效目标（预期目标）")
_ANNUAL_GOAL_SUBKEYS = ("年初设定目标", "预期目标", "年度目标", "全年绩效目标")
_LONG_GOAL_SUBKEYS = ("中期目标", "长期目标")  # indented under 总体目标, beside 年度目标
_NUMBERED_GOAL = re.compile(r"^目标\d+\s*[:：]")  # "目标1:…" is part of a goal text, not a new field
_LONG_GOAL_KEYS = ("总体目标", "长期绩效目标", "中期目标", "长期目标", "中期绩效目标", "整体目标", "总体绩效目标",
                   "绩效目标总体描述")
_YEAR_KEYS = ("表名", "项目期", "页面标题", "预算年度", "年度")


def _base_key(key: str) -> str:
    return re.sub(r"[（(].*[)）]$", "", key).strip()  # "总体目标（中期目标(2023年)/年度目标…）"


def _key_matches(key: str, options: tuple[str, ...]) -> bool:
    base = _base_key(key)
    # "总体目标/年度目标": one text standing for both columns matches either key.
    return key in options or base in options or any(part in options for part in base.split("/"))


def _parse_transcribed(lines: list[str], where: str) -> tuple[PerformanceForm, list[ImportProblem]]:
    fields: dict[str, list[str]] = {}
    order: list[str] = []
    last_key: str | None = None
    header: Header | None = None
    table = "annual"
    sections: list[tuple[str, Header, list[tuple[str, list[str]]]]] = []
    source = None
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if "\t" in line:
            cells = _cells(line)
            found = find_header(cells)
            if found:
                header = found
                sections.append((_period_of_header(cells) or table, header, []))
                continue
            if header is not None:
                sections[-1][2].append((_where(where, number), cells))
            continue
        if not stripped:
            if header is not None:
                header = None  # a blank line ends a table
            continue
        if header is not None and not _KEY_LINE.match(stripped):
            sections[-1][2].append((_where(where, number), [stripped]))  # a broken row: reported, not dropped
            continue
        header = None
        match = _KEY_LINE.match(stripped)
        indented = line[:1] in (" ", "\u3000")
        if match and (not indented or _is_known_key(match.group(1))):
            key, value = match.group(1).strip(), match.group(2).strip()
            if key == "source":
                source = value
                continue
            if re.search(r"(长期|中期)", key) and "指标" in key:
                table = "long_term"
            elif "指标" in key:
                table = "annual"
            fields.setdefault(key, []).append(value)
            order.append(key)
            last_key = key if not indented else last_key
            if indented and last_key:
                fields.setdefault(f"{last_key}{_NESTED}{key}", []).append(value)
        elif last_key:
            fields[last_key].append(stripped)
    form = PerformanceForm(project=_project_from_fields(fields), goals=_goals_from_fields(fields), source=source)
    problems: list[ImportProblem] = []
    for table_name, table_header, rows in sections:
        read = read_rows(rows, table_header)
        form.table(table_name).extend(read.indicators)  # type: ignore[arg-type]
        problems.extend(read.problems)
    return form, problems


def _period_of_header(cells: list[str]) -> str | None:
    """A header whose labels name their period ("指标值(年度)", "长期指标值") says which table it is."""
    labels = "".join(cells)
    if re.search(r"[（(]?年度[)）]?", labels) and not re.search(r"长期|中期", labels):
        return "annual"
    if re.search(r"长期|中期", labels) and "年度" not in labels:
        return "long_term"
    return None


def _is_known_key(key: str) -> bool:
    known = _NAME_KEYS + _UNIT_KEYS + _DEPARTMENT_KEYS + _BUDGET_KEYS + _ANNUAL_GOAL_SUBKEYS + _LONG_GOAL_SUBKEYS + _YEAR_KEYS
    return _key_matches(key, known) or key.startswith("其中")


def _first(fields: dict[str, list[str]], keys: tuple[str, ...]) -> str:
    return _first_field(fields, keys)[1]


def _first_field(fields: dict[str, list[str]], keys: tuple[str, ...]) -> tuple[str, str]:
    """(key, value) of the first non-empty field under one of ``keys``; ("", "") when there is none."""
    for key, values in fields.items():
        if _key_matches(key.split(_NESTED)[-1], keys):
            for value in values:
                if value.strip() not in _EMPTY and not value.strip().startswith(("[缺]", "[空]")):
                    return key, value.strip()
    return "", ""


def _project_from_fields(fields: dict[str, list[str]]) -> ProjectInfo:
    project = ProjectInfo(name=_first(fields, _NAME_KEYS), unit=_first(fields, _UNIT_KEYS))
    department = _first(fields, _DEPARTMENT_KEYS)
    project.department = re.sub(r"^\[\d+\]", "", department) or None
    if not project.unit and project.department:
        project.unit = project.department
    budget_key, budget = _first_field(fields, _BUDGET_KEYS)
    amount = money_wan(budget, label_unit(budget_key) or "万元")  # "项目金额（元）: 80000" is 8万元
    if amount is None:  # "资金情况(万元):" with the amounts on indented lines
        for key, values in fields.items():
            if "预算数" in " ".join(values) or key.endswith("年度资金总额"):
                amount = money_wan(" ".join(values), label_unit(key) or "万元")
                if amount is not None:
                    break
    project.budget_wan = amount
    for key in _YEAR_KEYS:
        year = _YEAR.search(" ".join(fields.get(key, [])))
        if year:
            project.year = int(year.group(1))
            break
    return project


def _nested_goal(fields: dict[str, list[str]], subkeys: tuple[str, ...]) -> str:
    text = ""
    for key, values in fields.items():
        if _NESTED in key and _key_matches(key.split(_NESTED)[-1], subkeys):
            text = _join(text, " ".join(v for v in values if v not in _EMPTY))
    return text


def _goals_from_fields(fields: dict[str, list[str]]) -> Goals:
    annual = _nested_goal(fields, _ANNUAL_GOAL_SUBKEYS) or _goal_text(fields, _ANNUAL_GOAL_KEYS)
    long_term = _nested_goal(fields, _LONG_GOAL_SUBKEYS) or _goal_text(fields, _LONG_GOAL_KEYS)
    # A one-year form states its only goal as 总体目标: that text is the year's goal too.
    return Goals(long_term=long_term, annual=annual or long_term)


def _goal_text(fields: dict[str, list[str]], keys: tuple[str, ...]) -> str:
    for key, values in fields.items():
        if _NESTED not in key and _key_matches(key, keys):
            parts = [clean_goal_text(v) for v in values if v.strip() not in _EMPTY]
            parts = [p for p in parts if p and (_NUMBERED_GOAL.match(p) or not _KEY_LINE.match(p))]
            if parts:
                return "\n".join(parts)
    return ""
