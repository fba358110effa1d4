"""`jixiao ingest PATH…`: files or folders of any importable format into the knowledge base.

A file that cannot be read is reported by name with the importer's Chinese reason and skipped; the
batch goes on. Rows an importer could not read inside an otherwise readable file are reported as notes.
"""

from __future__ import annotations

import time
from pathlib import Path

from assistant.formio import SUPPORTED_SUFFIXES, FormReadError, form_files, read_forms
from assistant.schema import PerformanceForm
from assistant.store import ingest as writer


def expand(paths: list[Path], summary: writer.IngestSummary) -> list[Path]:
    """The importable files under the given paths, each once, in a stable order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = form_files(path)
            if not found:
                summary.failed.append((str(path), f"文件夹中没有可导入的文件（支持 {'、'.join(SUPPORTED_SUFFIXES)}）"))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            summary.failed.append((str(path), "找不到文件或文件夹"))
    return list(dict.fromkeys(p.resolve() for p in files))


def read_file(path: Path, summary: writer.IngestSummary) -> list[tuple[str, PerformanceForm]]:
    """(form id, form) for every form in the file; nothing (and a failure) when it cannot be read."""
    try:
        result = read_forms(path)
    except FormReadError as exc:  # the message names the file already; the summary names it once, in front
        summary.failed.append((path.name, str(exc).removeprefix(f"{path.name}：").strip()))
        return []
    except Exception as exc:  # a damaged file the importer did not foresee: still the user's file, not our crash
        summary.failed.append((path.name, f"无法读取：{type(exc).__name__}: {str(exc)[:160]}"))
        return []
    if not result.forms:
        reason = result.errors[0].message if result.errors else "没有读到申报表（缺少指标表）"
        summary.failed.append((path.name, reason))
        return []
    for problem in result.errors:
        summary.notes.append(f"{path.name}：{getattr(problem, 'message', problem)}")
    return list(zip(writer.form_ids_for(path, result.forms), result.forms))


def _same_content(form_id: str, digest: str, existing: dict, stored: dict[str, str], batch: dict[str, str]) -> str:
    """The id of a form with exactly this content stored (or ingested earlier in this batch) under another id:
    a renamed copy of one form is one precedent, not several. A form id already in the store is an update of
    that form and is never a copy. "" when there is no such twin."""
    twin = "" if form_id in existing else stored.get(digest) or batch.get(digest, "")
    if twin == form_id:
        return ""
    batch.setdefault(digest, form_id)
    return twin


def _is_shipped_copy(current: dict | None, form: PerformanceForm) -> bool:
    """The curated knowledge/forms version of a project (sector tagged, source noted) wins over a raw copy."""
    return bool(current) and current.get("origin") == "shipped" and current.get("form_name") == form.project.name


def _with_sector(form: PerformanceForm) -> PerformanceForm:
    """Retrieval ranks same-sector precedents first: an ingested form without 所属领域 gets a guessed one."""
    if form.project.sector:
        return form
    from assistant.sectors import guess_sector

    sector = guess_sector(f"{form.project.name} {form.project.unit} {form.goals.annual[:200]}")
    return form.model_copy(update={"project": form.project.model_copy(update={"sector": sector})}) if sector else form


def ingest_paths(store, paths: list[Path], progress: writer.Progress | None = None) -> writer.IngestSummary:
    started = time.perf_counter()
    summary = writer.IngestSummary()
    if writer.needs_sweep(store):
        writer.sweep_uncommitted(store)
    items: list[tuple[str, PerformanceForm, str]] = []
    for path in expand(paths, summary):
        items.extend((fid, _with_sector(form), str(path)) for fid, form in read_file(path, summary))
    existing = writer.committed_forms(store, [fid for fid, _, _ in items])
    stored_twins = writer.forms_by_content(store, [writer.form_hash(form) for _, form, _ in items])
    jobs, claimed, batch_twins = [], {}, {}
    for base_id, form, path in items:
        form_id = writer.disambiguate(base_id, form, path, existing)
        if claimed.get(form_id, path) != path:  # two files of this batch with the same stem
            form_id = f"{base_id}-{writer.content_hash(path)[:6]}"
        claimed[form_id] = path
        if form_id != base_id:
            existing.update(writer.committed_forms(store, [form_id]))
        if _is_shipped_copy(existing.get(form_id), form):
            summary.unchanged.append(form_id)
            summary.notes.append(f"{Path(path).name}：与随附先例 {form_id} 是同一项目，保留随附版本（修改请编辑 knowledge/forms）")
            continue
        twin = _same_content(form_id, writer.form_hash(form), existing, stored_twins, batch_twins)
        if twin:
            summary.unchanged.append(form_id)
            summary.notes.append(f"{Path(path).name}：与已入库的 {twin} 内容相同（改名的副本），未重复入库")
            continue
        job = writer.plan_form(store, form_id, form, "ingested", path, existing, summary)
        if job is not None:
            jobs.append(job)
    writer.run_form_jobs(store, jobs, progress, summary)
    summary.seconds = time.perf_counter() - started
    return summary
