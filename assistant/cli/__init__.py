"""The `jixiao` command. Each command group lives in its own module and registers itself here."""

from __future__ import annotations

import importlib
from importlib.metadata import entry_points

import typer

from assistant.cli.common import ChineseHelpGroup

app = typer.Typer(
    cls=ChineseHelpGroup,
    name="jixiao",
    help="绩效目标编制助手：导入、校验、检索、起草、导出项目支出绩效目标表。",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)

# Command modules, each with register(app). Order is the order of `jixiao --help`.
COMMAND_MODULES = ("io", "validate", "knowledge", "draft", "llm")

for _name in COMMAND_MODULES:
    importlib.import_module(f"assistant.cli.{_name}").register(app)

# Commands from outside the core (the web UI's `jixiao ui`, the evaluation's `jixiao eval`) register through
# entry points, so that assistant/ never imports them.
for _entry in entry_points(group="jixiao.commands"):
    _entry.load()(app)


def main() -> None:
    from pydantic import ValidationError

    from assistant.cli.common import fail, setup_logging
    from assistant.formio.messages import validation_message
    from assistant.settings import get_settings

    try:
        home = get_settings().home
    except ValidationError as exc:  # JIXIAO_PORT=abc: say which variable, in Chinese, before any command runs
        try:
            fail(f"环境变量设置有误：{validation_message(exc, env_prefix='JIXIAO_')}")
        except typer.Exit as done:
            raise SystemExit(done.exit_code) from None
    setup_logging(home)
    app()
