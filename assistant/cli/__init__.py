"""The `jixiao` command. Each command group lives in its own module and registers itself here."""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="jixiao",
    help="绩效目标编制助手：导入、校验、检索、起草、导出项目支出绩效目标表。",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)

# Command modules, each with register(app). Order is the order of `jixiao --help`.
COMMAND_MODULES = ("io", "validate", "knowledge", "draft", "ui", "evaluate")

for _name in COMMAND_MODULES:
    importlib.import_module(f"assistant.cli.{_name}").register(app)


def main() -> None:
    app()
