"""Retrieval quality of the knowledge base's embeddings on the real precedent forms (knowledge/forms).

Two measures, each for the hybrid, the e5 half alone and the lexical half alone, plus a sweep of the
hybrid's weight:
- sector MRR: for every precedent, its project name alone is the query; the other forms (leave-one-out:
  itself and any form with the same name are left out) are ranked; the reciprocal rank of the first
  same-sector form is averaged (forms whose sector has no other member are skipped);
- paraphrase top-5: a query in other words than an indicator's 三级 name ("受训人数" for "参加技能培训
  享受补贴人数") must find that row among the 5 nearest distinct indicator names.

The documents are exactly the store's (assistant.store.documents). Usage:

    python eval/retrieval.py [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.embeddings import HYBRID_E5_WEIGHT, JixiaoEmbeddings  # noqa: E402
from assistant.schema import PerformanceForm  # noqa: E402
from assistant.settings import KNOWLEDGE_DIR  # noqa: E402
from assistant.store.documents import form_hash, form_record, indicator_records  # noqa: E402

# (query in other words, the 三级 names it should find): real rows of knowledge/forms.
PARAPHRASES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("受训人数", ("参加技能培训享受补贴人数", "主体班培训人次", "就业技能及创业培训人数据")),
    ("培训结业考核通过比例", ("培训合格率", "培训人员合格率")),
    ("学员对培训的满意程度", ("培训学员对培训效果满意度",)),
    ("疫苗供应是否及时", ("疫苗提供及时率",)),
    ("博物馆开放日数", ("免费开放天数",)),
    ("参观人次", ("免费开放接待观众人数",)),
    ("新就业岗位数", ("城镇新增就业人数",)),
    ("灌溉面积改善", ("新增和改善灌溉达标面积",)),
    ("道路清扫面积", ("清扫保洁道路面积",)),
    ("垃圾无害化比例", ("垃圾无害化处理率",)),
    ("工程按时完工比例", ("及时(按期)完工率", "重点建设工程按期完成率", "项目(工程)完成及时率")),
    ("工程验收通过率", ("工程竣工验收合格率", "项目(工程)验收合格率", "重点建设工程验收合格率", "项目验收合格率")),
    ("低保人数", ("★★★农村低保发放人数(按月平均)(≥**人)",)),
    ("康复服务签约人数", ("签约康复人数",)),
    ("社保卡发放数量", ("社会保障卡发卡量",)),
    ("树木存活率", ("树木成活率",)),
    ("财政资金按时到位", ("财政资金到位及时支付率", "资金拨付到位情况", "补助经费到位及时性")),
    ("办公楼维修次数", ("办公大楼日常维修维护次数",)),
    ("食品安全宣传活动", ("开展食品安全宣传周活动", "指标4:开展食品安全宣传周等科普宣传活")),
    ("创业贷款发放金额", ("本年度创业担保贷款发放额",)),
    ("毕业生就业比例", ("年末应届离校未就业高效毕业生就业率（原文如此）",)),
    ("闲置房产出租", ("出租闲置房屋,减少国有资产闲置率", "门面数量")),
    ("消防灭火设备", ("七氟丙烷式灭火装置及药剂", "气体灭火控制器及报警主机")),
    ("粮食作物种植补贴面积", ("★补助各类粮食作物种植面积",)),
    ("申请助学补助的家庭数", ("年度申请就学补助户数",)),
    ("饮水安全受益人口", ("解决脱贫(监测)饮水安全问题人数",)),
    ("村道硬化公里数", ("脱贫村村内道路硬化里程",)),
    ("党校开课数", ("开设课程数量",)),
)
ALPHAS = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)


def shipped_forms(knowledge_dir: Path | None = None) -> list[tuple[str, PerformanceForm]]:
    folder = Path(knowledge_dir or KNOWLEDGE_DIR) / "forms"
    return [(p.stem, PerformanceForm.model_validate_json(p.read_text(encoding="utf-8")))
            for p in sorted(folder.glob("*.json"))]


def sector_mrr(scores: np.ndarray, forms: list[tuple[str, PerformanceForm]]) -> tuple[float, float, int]:
    """scores[i, j]: query i (form i's name) against form j's document. Returns (MRR, hit@1, queries)."""
    reciprocal, first = [], []
    for i, (_, form) in enumerate(forms):
        sector, name = form.project.sector, form.project.name.strip()
        others = [j for j, (_, other) in enumerate(forms) if j != i and other.project.name.strip() != name]
        if not sector or not any(forms[j][1].project.sector == sector for j in others):
            continue
        ranked = sorted(others, key=lambda j: -scores[i, j])
        rank = next(r for r, j in enumerate(ranked, start=1) if forms[j][1].project.sector == sector)
        reciprocal.append(1.0 / rank)
        first.append(rank == 1)
    return float(np.mean(reciprocal)), float(np.mean(first)), len(reciprocal)


def paraphrase_top5(scores: np.ndarray, names: list[str]) -> tuple[float, float, list[str]]:
    """scores[q, d] of each paraphrase query against each indicator document (whose 三级 name is names[d]).
    Returns (share found in the top 5 distinct names, MRR over distinct names, the queries missed)."""
    found, reciprocal, missed = [], [], []
    for q, (query, targets) in enumerate(PARAPHRASES):
        distinct: list[str] = []
        for d in np.argsort(-scores[q], kind="stable"):
            if names[d] not in distinct:
                distinct.append(names[d])
            if len(distinct) >= 50:
                break
        rank = next((r for r, name in enumerate(distinct, start=1) if name in targets), None)
        found.append(rank is not None and rank <= 5)
        reciprocal.append(1.0 / rank if rank else 0.0)
        if not found[-1]:
            missed.append(query)
    return float(np.mean(found)), float(np.mean(reciprocal)), missed


def corpus(forms: list[tuple[str, PerformanceForm]]) -> tuple[list[str], list[str], list[str]]:
    """Form documents, indicator documents and the indicators' 三级 names, as the store builds them."""
    form_texts, row_texts, row_names = [], [], []
    for form_id, form in forms:
        digest = form_hash(form)
        form_texts.append(form_record(form_id, form, digest, "shipped").text)
        for record in indicator_records(form_id, form, digest):
            row_texts.append(record.text)
            row_names.append(record.metadata.get("name", ""))
    return form_texts, row_texts, row_names


def evaluate(knowledge_dir: Path | None = None) -> dict:
    forms = shipped_forms(knowledge_dir)
    form_texts, row_texts, row_names = corpus(forms)
    queries = [form.project.name for _, form in forms]
    paraphrases = [q for q, _ in PARAPHRASES]
    started = time.perf_counter()
    e5, lexical = JixiaoEmbeddings("e5"), JixiaoEmbeddings("lexical")
    vectors = {}
    for name, model in (("e5", e5), ("lexical", lexical)):
        vectors[name] = (model.encode(queries, is_query=True), model.encode(form_texts),
                         model.encode(paraphrases, is_query=True), model.encode(row_texts))
    seconds = time.perf_counter() - started

    def scores(alpha: float):
        # cosine of the concatenated hybrid vectors = α·cos_e5 + (1−α)·cos_lexical
        parts = [alpha * (vectors["e5"][k] @ vectors["e5"][k + 1].T) +
                 (1 - alpha) * (vectors["lexical"][k] @ vectors["lexical"][k + 1].T) for k in (0, 2)]
        return parts[0], parts[1]

    def measure(alpha: float) -> dict:
        form_scores, row_scores = scores(alpha)
        mrr, hit1, count = sector_mrr(form_scores, forms)
        top5, para_mrr, missed = paraphrase_top5(row_scores, row_names)
        return {"sector_mrr": round(mrr, 3), "sector_hit1": round(hit1, 3), "sector_queries": count,
                "paraphrase_top5": round(top5, 3), "paraphrase_mrr": round(para_mrr, 3),
                "paraphrase_queries": len(PARAPHRASES), "paraphrase_missed": missed}

    return {"forms": len(forms), "indicator_documents": len(row_texts), "embedding_seconds": round(seconds, 1),
            "hybrid": {"alpha": HYBRID_E5_WEIGHT, **measure(HYBRID_E5_WEIGHT)},
            "e5": measure(1.0), "lexical": measure(0.0),
            "sweep": {str(a): measure(a) for a in ALPHAS}}


def markdown(result: dict) -> str:
    lines = ["| 嵌入 | 领域 MRR | 领域首位命中 | 改写查询 top-5 | 改写查询 MRR |", "|---|---|---|---|---|"]
    rows = [(f"混合 a={result['hybrid']['alpha']}（默认）", result["hybrid"]), ("仅 e5", result["e5"]),
            ("仅字 1–2 元组", result["lexical"])]
    rows += [(f"混合 a={a}", m) for a, m in result["sweep"].items()]
    for label, m in rows:
        lines.append(f"| {label} | {m['sector_mrr']:.3f} | {m['sector_hit1']:.3f} | {m['paraphrase_top5']:.3f} | "
                     f"{m['paraphrase_mrr']:.3f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description="知识库检索质量：混合嵌入与各半单独的比较")
    parser.add_argument("--json", action="store_true", help="输出 JSON")
    args = parser.parse_args()
    result = evaluate()
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return
    print(f"{result['forms']} 份先例表，{result['indicator_documents']} 条指标文档；"
          f"领域 MRR 查询 {result['e5']['sector_queries']} 个，改写查询 {result['e5']['paraphrase_queries']} 个。")
    print(markdown(result))
    for label in ("hybrid", "e5", "lexical"):
        print(f"{label} 未进前5：{'、'.join(result[label]['paraphrase_missed']) or '无'}")


if __name__ == "__main__":
    main()
