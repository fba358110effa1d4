"""Helpers shared by the command modules: Chinese errors with exit status 2, console output."""

from __future__ import annotations

from typing import NoReturn

import typer
from rich.console import Console
from typer import rich_utils
from typer.core import TyperCommand, TyperGroup

console = Console()
err_console = Console(stderr=True)


def fail(message: str, code: int = 2) -> NoReturn:
    """Print a Chinese error (never a traceback) and exit with ``code`` (2 = bad input)."""
    err_console.print(f"[bold red]错误：[/]{message}", highlight=False)
    raise typer.Exit(code)


_HELP_TEXT = "显示帮助并退出。"

# `jixiao --help` speaks Chinese: typer's help panels read these module settings when they render.
rich_utils.ARGUMENTS_PANEL_TITLE, rich_utils.OPTIONS_PANEL_TITLE = "参数", "选项"
rich_utils.COMMANDS_PANEL_TITLE, rich_utils.ERRORS_PANEL_TITLE = "命令", "错误"
rich_utils.DEFAULT_STRING, rich_utils.REQUIRED_LONG_STRING = "[默认：{}]", "[必填]"
rich_utils.RICH_HELP = "运行 [blue]'{command_path} {help_option}'[/] 查看帮助。"


class _ChineseHelpOption:
    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = _HELP_TEXT
        return option


class ChineseHelpCommand(_ChineseHelpOption, TyperCommand):
    """A command whose --help option is described in Chinese, like the rest of `jixiao --help`."""


class ChineseHelpGroup(_ChineseHelpOption, TyperGroup):
    """The same for a command group."""
