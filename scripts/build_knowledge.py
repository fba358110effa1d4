"""Convert the approved precedent forms into knowledge/forms/*.json (canonical PerformanceForm JSON).

Sources: the seed file (two 鄂州 2026 批复表) and every transcribed real form in ../shared/forms/.
Each form gets its `source` and a sector tagged by hand below (the sector a reviewer would file it under).
Re-run after the importer changes:  python scripts/build_knowledge.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from assistant.formio import read_forms  # noqa: E402

SECTOR_BY_FILE = {
    "001": "教育", "002": "农业农村", "004": "教育", "005": "民政救助", "007": "教育", "008": "民政救助",
    "010": "农业农村", "011": "文化旅游", "013": "农业农村", "014": "机关运行", "016": "机关运行",
    "017": "城乡建设", "019": "生态环境", "020": "教育", "022": "卫生健康", "023": "生态环境",
    "025": "市场监管", "026": "市场监管", "028": "就业培训", "029": "就业培训", "031": "卫生健康",
    "032": "卫生健康", "034": "综合", "035": "综合", "037": "综合", "038": "财政金融", "040": "教育",
    "041": "机关运行", "043": "卫生健康", "044": "机关运行", "046": "机关运行", "047": "城乡建设",
    "049": "文化旅游", "050": "农业农村", "052": "农业农村", "053": "教育", "055": "市场监管", "056": "教育",
}


def convert(shared: Path, out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    seed = shared / "seeds" / "ezhou-2026-approved-forms.txt"
    for index, form in enumerate(read_forms(seed).forms, start=1):
        form.source = f"shared/seeds/{seed.name}#{index}（鄂州市2026年项目支出绩效目标批复表）"
        form.project.year = form.project.year or 2026  # the seed file is the 2026 批复表
        form.project.sector = "就业培训"
        written.append(_write(out_dir / f"ezhou-2026-{index}.json", form))
    for path in sorted((shared / "forms").glob("*.txt")):
        number = path.name[:3]
        result = read_forms(path)
        for form in result.forms:
            form.project.sector = SECTOR_BY_FILE.get(number, "综合")
            if not form.project.name:
                form.project.name = re.sub(r"^\d+_", "", path.stem)
            written.append(_write(out_dir / f"{path.stem}.json", form))
    return written


def _write(path: Path, form) -> Path:
    path.write_text(form.model_dump_json(indent=2) + "\n", encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--out", type=Path, default=REPO / "knowledge" / "forms")
    args = parser.parse_args()
    written = convert(args.shared, args.out)
    print(f"已写入 {len(written)} 份先例表到 {args.out}")


if __name__ == "__main__":
    main()
