"""Evaluation of jixiao against real approved forms, and the benchmarks.

    eval.drafts.run_draft_eval(directory, ...)          -> dict   drafts vs the real tables, with two baselines
    eval.validators.run_validator_eval(directory, ...)  -> dict   injected defects found, false alarms on real forms
    eval.injectors.INJECTORS                                     the defects injected (18 kinds)
    eval.knowledge                                               what drafts are made from; name similarity by e5
    eval.report                                                  loading forms, held-out split, Markdown / JSON output

Held-out forms (kept out of any tuning of drafter, validators or thresholds): the shipped forms whose
numeric prefix is ≥ 040, plus ezhou-2026-2. Their figures are reported separately.

Code lives in the modules, not here: an editable install may import ``eval`` as a namespace package.
"""
