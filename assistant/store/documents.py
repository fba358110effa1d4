"""What goes into the knowledge base: one record (id, text, metadata) per form, indicator row, guideline
passage and library row.

Texts are serialised with their headers ("项目: … | 一级指标: 产出指标 | 二级指标: 数量指标 | 三级指标: … |
指标值: ≥210人") so a row keeps its meaning out of its table. Metadata resolves every hit to its source:
form id, table, 1-based row, sector, year, 申报单位. Ids derive from content: a record's id carries the
hash of what it was built from, so the same content always lands on the same ids.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from assistant.library import LibraryRow
from assistant.schema import PerformanceForm

GOAL_CHARS = 160  # of the annual goal in a form's document: the gist, not the whole paragraph
CHUNK_CHARS = 600  # a guideline passage longer than this is cut at paragraph breaks
_HEADING = re.compile(r"^(#{1,4})\s+(.+?)\s*#*\s*$")


@dataclass
class Record:
    id: str
    text: str
    metadata: dict = field(default_factory=dict)


def content_hash(*parts: str) -> str:
    digest = hashlib.sha1()
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()[:16]


def form_hash(form: PerformanceForm) -> str:
    return content_hash(form.model_dump_json())


def _clean(metadata: dict) -> dict:
    """Chroma metadata holds str/int/float/bool only: drop the empty fields."""
    return {k: v for k, v in metadata.items() if v is not None and v != ""}


def _project_metadata(form_id: str, form: PerformanceForm, digest: str) -> dict:
    project = form.project
    return {"form_id": form_id, "form_name": project.name, "sector": project.sector, "year": project.year,
            "unit": project.unit, "content_hash": digest}


def form_record(form_id: str, form: PerformanceForm, digest: str, origin: str, path: str = "") -> Record:
    """The form's own document: name, sector, unit and the gist of its annual goal; the full form in metadata."""
    project = form.project
    goal = (form.goals.annual or form.goals.long_term)[:GOAL_CHARS]
    text = " | ".join(p for p in (f"项目: {project.name}", f"领域: {project.sector}" if project.sector else "",
                                  f"单位: {project.unit}" if project.unit else "", f"绩效目标: {goal}" if goal else "") if p)
    metadata = {**_project_metadata(form_id, form, digest), "kind": "form", "origin": origin, "path": path,
                "budget_wan": project.budget_wan, "source": form.source,
                "rows": len(form.annual_indicators) + len(form.long_term_indicators),
                "form_json": form.model_dump_json()}
    return Record(form_id, text, _clean(metadata))


def indicator_records(form_id: str, form: PerformanceForm, digest: str) -> list[Record]:
    """One document per indicator row, both tables; the row id carries the form's content hash."""
    records = []
    for table, rows in form.tables():
        for index, row in enumerate(rows):
            value = row.raw_value or f"{row.operator}{row.value}{row.unit}"
            text = (f"项目: {form.project.name} | 一级指标: {row.level1} | 二级指标: {row.level2} | "
                    f"三级指标: {row.name} | 指标值: {value}")
            metadata = {**_project_metadata(form_id, form, digest), "kind": "indicator", "table": table,
                        "row": index + 1, "level1": row.level1, "level2": row.level2, "name": row.name,
                        "operator": row.operator, "value": row.value, "value_unit": row.unit, "raw_value": value,
                        "basis": row.basis}
            records.append(Record(f"{form_id}@{digest}#{table}:{index + 1}", text, _clean(metadata)))
    return records


def library_record(row: LibraryRow) -> Record:
    value = f"{row.operator}{row.typical_value}{row.unit}" if row.operator != "定性" else row.typical_value
    text = (f"项目类型: {row.kind} | 一级指标: {row.level1} | 二级指标: {row.level2} | 三级指标: {row.name} | "
            f"指标值: {value} | 指标解释: {row.explanation}")
    metadata = {**row.model_dump(), "value_unit": row.unit, "kind": "library", "library_kind": row.kind,
                "library_id": row.id, "content_hash": content_hash(text)}
    metadata.pop("unit")
    metadata.pop("id")
    return Record(f"{row.id}@{metadata['content_hash']}", text, _clean(metadata))


def _sections(markdown: str) -> list[tuple[list[str], str]]:
    """(heading path, body) per heading, in order; text before the first heading has an empty path."""
    sections: list[tuple[list[str], list[str]]] = [([], [])]
    path: list[str] = []
    for line in markdown.splitlines():
        match = _HEADING.match(line)
        if match:
            depth = len(match.group(1))
            path = path[: depth - 1] + [match.group(2)]
            sections.append((list(path), []))
        else:
            sections[-1][1].append(line)
    return [(p, "\n".join(body).strip()) for p, body in sections if "\n".join(body).strip()]


def _split(body: str) -> list[str]:
    """Cut a long section at blank lines into pieces of at most about CHUNK_CHARS."""
    pieces, current = [], ""
    for paragraph in re.split(r"\n\s*\n", body):
        if current and len(current) + len(paragraph) > CHUNK_CHARS:
            pieces.append(current)
            current = ""
        current = f"{current}\n\n{paragraph}".strip()
    return pieces + ([current] if current else [])


def guideline_records(path: Path, text: str) -> list[Record]:
    """Chunks of a guideline file by heading; each passage starts with its heading path."""
    records = []
    for heading_path, body in _sections(text):
        heading = " > ".join(heading_path) or path.stem
        for piece in _split(body):
            passage = f"{heading}\n{piece}"
            digest = content_hash(path.name, passage)
            metadata = {"kind": "guideline", "file": path.name, "heading": heading, "chunk": len(records) + 1,
                        "content_hash": digest}
            records.append(Record(f"{path.stem}:{digest}", passage, metadata))
    return records


def source_of(metadata: dict, record_id: str) -> str:
    """Where a hit comes from, in the drafter's citation form: form:<id>#annual:3, lib:<id>, guide:<file>#<heading>."""
    kind = metadata.get("kind")
    if kind == "indicator":
        return f"form:{metadata.get('form_id')}#{metadata.get('table')}:{metadata.get('row')}"
    if kind == "form":
        return f"form:{metadata.get('form_id', record_id)}"
    if kind == "library":
        return f"lib:{metadata.get('library_id', record_id)}"
    if kind == "guideline":
        return f"guide:{metadata.get('file')}#{metadata.get('heading')}"
    return record_id
