"""Shared by the evaluations: the forms evaluated, the held-out split, and Markdown / JSON output.

Held-out forms (HELD_OUT) are kept out of any tuning (of the drafter, the validators, the kinds vocabulary, the
library, the thresholds used here) and out of every other test. Their figures are reported separately so that
a number tuned to the development part cannot pass for a general one.
"""

from __future__ import annotations

import json
import math
import os
import platform
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from assistant.schema import Indicator, PerformanceForm

# Held out: never looked at while tuning the drafter, the validators, the kinds vocabulary or the library, and
# named by no test outside the evaluation's own. (044 and ezhou-2026-2 were held out once, but tests used them;
# 040 and 049 are named by an importer test.) tests/test_eval.py checks that nothing else names these ids.
HELD_OUT = ("041_puyang-danganguan-kufang-xiaofang", "043_jinan-canlian-jingzhun-kangfu",
            "046_nanxian-zhufang-baozhang-guoyou-zichan-chuzu", "047_luohu-nanhu-pinggaiguan-zipingbiao",
            "050_tongxin-xiamaguan-huangjinmi-putao", "052_yanglou-tese-zhongyangzhi-zipingbiao",
            "053_huangshi-sanzhong-xiaoyuan-weixiu-zipingbiao", "055_wuhai-gongxiaoshe-zaisheng-ziyuan-huishou",
            "056_ningjin-gaozhong-zhuxuejin-2019")
GROUPS = ("all", "dev", "held_out")
# The systems a drafting run compares (eval/drafts.py), as the report names them.
SYSTEM_LABELS = {"jixiao": "jixiao 离线起草", "nearest": "基线：照抄最相似先例", "template": "基线：指标库通用模板",
                 "llm": "jixiao 大模型起草", "real": "真实表单（参照）"}
GROUP_LABELS = {"all": "全部", "dev": "开发集", "held_out": "留出集"}
KIND_LABELS = {"target": "批复表/申报表", "self_evaluation": "自评表"}


@dataclass
class EvalForm:
    id: str  # file stem (= the store's form id for knowledge/forms); "stem#n" when a file holds several forms
    path: Path
    form: PerformanceForm

    @property
    def held_out(self) -> bool:
        return is_held_out(self.id)


def is_held_out(form_id: str) -> bool:
    """The held-out forms measure generalisation; every other form is development data."""
    return form_id.split("#")[0] in HELD_OUT


def load_forms(directory: str | Path) -> tuple[list[EvalForm], list[str]]:
    """Every form in a directory (any importable file), and Chinese notes on files that could not be read."""
    from assistant.formio import FormReadError, form_files, read_forms

    directory = Path(directory)
    forms: list[EvalForm] = []
    problems: list[str] = []
    for path in form_files(directory, recursive=False):
        try:
            result = read_forms(path)
        except FormReadError as exc:
            problems.append(str(exc))
            continue
        if not result.forms:
            problems.append(f"{path.name}：未读出任何表单")
        for number, form in enumerate(result.forms, start=1):
            form_id = path.stem if len(result.forms) == 1 else f"{path.stem}#{number}"
            forms.append(EvalForm(form_id, path, form))
    return forms, problems


def reference_table_name(form: PerformanceForm) -> str:
    """A form is judged on its 年度绩效目标表, or on the 长期 table when it has only that one."""
    return "annual" if form.annual_indicators or not form.long_term_indicators else "long_term"


def reference_table(form: PerformanceForm) -> list[Indicator]:
    return form.table(reference_table_name(form))  # type: ignore[arg-type]


def group_of(form_id: str) -> str:
    return "held_out" if is_held_out(form_id) else "dev"


def in_group(form_id: str, group: str) -> bool:
    return group == "all" or group_of(form_id) == group


# ---- numbers ---------------------------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float | None:
    """Linear-interpolated percentile (as numpy's default): [1,2,3,4] → p50 2.5, p95 3.85."""
    data = sorted(v for v in values if v is not None and math.isfinite(v))
    if not data:
        return None
    position = (len(data) - 1) * q / 100
    low = math.floor(position)
    high = min(low + 1, len(data) - 1)
    return data[low] + (data[high] - data[low]) * (position - low)


def ratio(part: float, whole: float) -> float | None:
    return part / whole if whole else None


def mean(values: Iterable[float | None]) -> float | None:
    data = [v for v in values if v is not None]
    return sum(data) / len(data) if data else None


def pct(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value * 100:.{digits}f}%"


def num(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


# ---- output ----------------------------------------------------------------------------------


def md_table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A GitHub Markdown table; "|" inside cells is escaped so a form's text cannot break it."""
    def cell(value: object) -> str:
        return str(value).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(cell(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def machine() -> str:
    """CPU model, cores, Python and OS — recorded with every benchmark figure."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            cpu = next((line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), cpu)
    except OSError:
        pass
    return f"{cpu}，{os.cpu_count()} 核，Python {sys.version.split()[0]}，{platform.system()}"


def calibration() -> str:
    """How fast this machine runs plain Python right now (a 2M-step loop), so that benchmark figures taken on a
    shared machine can be compared: the same code measured twice is comparable only at similar calibration."""
    import time

    started, total = time.perf_counter(), 0
    for step in range(2_000_000):
        total += step
    return f"2M-step Python loop {time.perf_counter() - started:.2f}s; load average {os.getloadavg()[0]:.1f}"


def write_outputs(out_dir: str | Path, stem: str, payload: dict, markdown: str) -> tuple[Path, Path]:
    """Write <stem>.json and <stem>.md into out_dir; returns both paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    json_path, md_path = out / f"{stem}.json", out / f"{stem}.md"
    json_path.write_text(json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
    md_path.write_text(markdown.rstrip() + "\n", encoding="utf-8")
    return json_path, md_path


# ---- Markdown for `jixiao eval drafts` -------------------------------------------------------

_DRAFT_ROWS = (  # (label, summary key, format)
    ("二级覆盖率（真实表二级的召回）", "level2_recall", pct),
    ("三级名称召回（Dice≥{dice}）", "dice_recall", pct),
    ("三级名称精确率（Dice≥{dice}）", "dice_precision", pct),
    ("三级名称召回（嵌入余弦≥{embed}）", "embed_recall", pct),
    ("三级名称精确率（嵌入余弦≥{embed}）", "embed_precision", pct),
    ("目标文本中的数字进入指标值", "numbers_carried", pct),
    ("匹配定量行数值一致（同运算符、同单位、±10%）", "value_agreement", pct),
    ("每份校验错误", "errors_per_form", num),
    ("每份校验警告", "warnings_per_form", num),
    ("零错误占比", "zero_error_share", pct),
    ("必备二级齐全占比（数量/质量/时效/效益/满意度）", "required_share", pct),
)


def _draft_cell(summary: dict, key: str, fmt) -> str:
    value = summary.get(key)
    if key == "numbers_carried" and value is not None:
        stated = summary.get("numbers_stated", 0)
        return f"{fmt(value)}（{round(value * stated)}/{stated}）"
    if key == "value_agreement" and summary.get("value_pairs") is not None:
        return f"{fmt(value)}（{summary['value_pairs']}对）"
    return fmt(value)


def render_drafts(payload: dict) -> str:
    settings = payload["settings"]
    first = next(iter(payload["summary"]["all"]))
    systems = list(payload["summary"]["all"])
    lines = ["# 起草质量评测（jixiao eval drafts）", "",
             f"模式：{'大模型' if settings['mode'] == 'llm' else '离线'}；三级名称匹配为一对一贪心匹配，"
             f"Dice≥{settings['dice_threshold']}、嵌入余弦≥{settings['embed_threshold']}"
             f"（嵌入：{settings['embedding'] or '未计算'}）；基线“照抄最相似先例”按项目名称检索、排除被评表单本身。",
             f"知识库：{settings.get('knowledge') or '—'}；留一法：起草与基线均排除被评表单本身（同编号或同项目名称）。", ""]
    for group, summary in payload["summary"].items():
        forms = summary[first].get("forms", 0)
        if not forms:
            continue
        lines += [f"## {GROUP_LABELS[group]}（{forms} 份）", ""]
        rows = [[label.format(dice=settings["dice_threshold"], embed=settings["embed_threshold"])]
                + [_draft_cell(summary[s], key, fmt) for s in systems] for label, key, fmt in _DRAFT_ROWS]
        mine = summary[first]
        rows.append(["起草耗时 p50 / p95（秒）", f"{num(mine.get('latency_p50_s'), 3)} / {num(mine.get('latency_p95_s'), 3)}"]
                    + ["—"] * (len(systems) - 1))
        sweep = mine.get("embed_recall_sweep")
        if sweep:
            rows.append(["三级名称召回随嵌入阈值（" + " / ".join(sweep) + "）",
                         " / ".join(pct(summary[first]["embed_recall_sweep"][t]) for t in sweep)]
                        + [" / ".join(pct(summary[s].get("embed_recall_sweep", {}).get(t)) for t in sweep)
                           for s in systems[1:]])
        lines += [md_table(["指标"] + [SYSTEM_LABELS.get(s, s) for s in systems], rows), ""]
        lines += [_targets_line(payload["targets"][group]), ""]
    lines += ["## 逐份结果（Dice 召回；错误规则）", ""]
    lines.append(md_table(
        ["表单", "组", SYSTEM_LABELS[first], "照抄先例（先例）", "通用模板", f"{SYSTEM_LABELS[first]}的错误"],
        [[r["form"], GROUP_LABELS["held_out" if r["held_out"] else "dev"], pct(r["systems"][first].get("dice_recall"), 0),
          f"{pct(r['systems']['nearest'].get('dice_recall'), 0)}（{r['systems']['nearest'].get('precedent')}）",
          pct(r["systems"]["template"].get("dice_recall"), 0),
          r["systems"][first].get("failed") or "、".join(r["systems"][first].get("error_rules", [])) or "无"]
         for r in payload["forms"]]))
    return "\n".join(lines)


def _targets_line(targets: dict) -> str:
    def mark(ok: bool) -> str:
        return "达到" if ok else "**未达到**"

    return (f"目标：召回 ≥ 1.5× 照抄先例 — {num(targets['recall_ratio_dice'])}×，{mark(targets['recall_ratio_met'])}；"
            f"必备二级齐全 ≥ 95% — {pct(targets['required_share'])}，{mark(targets['required_met'])}；"
            f"零校验错误 — {pct(targets['zero_error_share'])}，{mark(targets['zero_error_met'])}。")


# ---- Markdown for `jixiao eval validators` ---------------------------------------------------


def render_validators(payload: dict) -> str:
    lines = ["# 校验器检出率（jixiao eval validators）", "",
             f"{payload['forms']} 份真实表单，每类缺陷每份最多注入 {payload['trials_per_kind_per_form']} 次（随机种子 "
             f"{payload['seed']}，相同的改动只算一次）。注入器（eval/injectors.py）不引用 assistant/validation，"
             "也不抄规则的正则与词表，按真实表单与领域笔记的写法写入缺陷。", "",
             "三个数，从严到宽：**检出**＝注入后新出现、期望规则、在注入位置（该行；缺陷在整表或目标文本时即该处）的结果；"
             "**该处有结果**＝注入位置新出现任何规则的结果；**别处也算**＝表中任何地方新出现任何结果。"
             "注入前该位置已有期望结果的不计入（“已有”）。", ""]
    rows = []
    for kind in payload["kinds"].values():
        a = kind["all"]
        rows.append([kind["label"], "、".join(kind["expected_rules"]) or "—", a["injected"], a["detected"], pct(a["recall"]),
                     pct(kind["dev"]["recall"]), pct(kind["held_out"]["recall"]), pct(a.get("at_place_rate")),
                     pct(a.get("anywhere_rate")), a["preexisting"], len(kind["unhosted_forms"])])
    overall = payload["overall"]
    o = overall["all"]
    macro = mean(k["all"]["recall"] for k in payload["kinds"].values())
    rows.append(["**合计**", "", o["injected"], o["detected"], pct(o["recall"]), pct(overall["dev"]["recall"]),
                 pct(overall["held_out"]["recall"]), pct(o.get("at_place_rate")), pct(o.get("anywhere_rate")),
                 o["preexisting"], ""])
    below = [k["label"] for k in payload["kinds"].values() if (k["all"]["recall"] or 0) < 0.95]
    lines += [md_table(["缺陷类型", "期望规则", "注入", "检出", "检出率", "开发集", "留出集", "该处有结果", "别处也算", "已有",
                        "不可注入的表单"], rows),
              "", f"各类检出率的平均（宏平均）：{pct(macro)}。目标（每类 ≥ 95%）："
              f"{'达到' if not below else '**未达到**：' + '、'.join(below)}。", ""]
    if payload["misses"]:
        lines += ["## 漏检", "", md_table(["表单", "缺陷类型", "注入内容", "注入后新增的规则"],
                                         [[m["form_id"], payload["kinds"][m["kind"]]["label"], m["note"],
                                           "、".join(m["new_rules"]) or "无"] for m in payload["misses"]]), ""]
    lines += ["## 未修改的真实表单（误报一侧）", ""]
    alarm = payload["false_alarms"]
    lines.append(md_table(["组", "表单", "错误", "每份错误", "警告", "每份警告", "提示", "有错误的表单"],
                          [[GROUP_LABELS[g], a["forms"], a["errors"], num(a["errors_per_form"]), a["warnings"],
                            num(a["warnings_per_form"]), a["infos"], a["forms_with_errors"]] for g, a in alarm.items()]))
    by_kind = payload.get("false_alarms_by_kind", {})
    if by_kind:
        lines += ["", "按表的种类（自评表＝行带“实际完成值”的年终自评表，其指标列为批复的目标值）：", "",
                  md_table(["种类", "表单", "错误", "每份错误", "警告", "每份警告", "有错误的表单"],
                           [[KIND_LABELS[k], a["forms"], a["errors"], num(a["errors_per_form"]), a["warnings"],
                             num(a["warnings_per_form"]), a["forms_with_errors"]] for k, a in by_kind.items()])]
    if payload.get("error_rules"):
        lines += ["", "错误按规则：" + "；".join(f"{rule} {n}" for rule, n in payload["error_rules"].items()) + "。"]
    if payload.get("warning_rules"):
        lines += ["", "警告按规则：" + "；".join(f"{rule} {n}" for rule, n in payload["warning_rules"].items()) + "。"]
    per_form = alarm["all"]["errors_per_form"]
    lines += ["", f"目标 ≤ 0.2 条错误/份：{num(per_form)}，{'达到' if per_form is not None and per_form <= 0.2 else '**未达到**'}。", "",
              "### 真实表单上的每条错误", ""]
    errors = [e for r in payload["real_forms"] for e in r["error_list"]]
    lines.append(md_table(["文件", "规则", "位置", "说明"], [[e["file"], e["rule"], e["place"], e["message"]] for e in errors]))
    return "\n".join(lines)
