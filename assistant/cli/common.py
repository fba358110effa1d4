"""Helpers shared by the command modules: Chinese errors with exit status 2, console output."""

from __future__ import annotations

import logging
import re
from pathlib import Path
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


LOG_FILE = "logs/jixiao.log"  # under JIXIAO_HOME
_CHINESE_START = re.compile(r"^\s*[\u4e00-\u9fff（“]")  # a message written for the user starts in Chinese


class _TerminalHandler(logging.Handler):
    """Log records on the terminal speak Chinese: a warning written in Chinese is shown as it is; a developer's
    diagnostic ("LLM drafting failed: …" — the user already got a Chinese notice) stays in the log file, and
    such an error is announced in Chinese with the file to read."""

    def __init__(self, log_path: Path | None):
        super().__init__(logging.WARNING)
        self.log_path = log_path

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.getMessage()
        except Exception:  # a malformed log call must not break the command
            return
        label = "错误" if record.levelno >= logging.ERROR else "警告"
        if _CHINESE_START.match(message):
            err_console.print(f"[yellow]{label}：[/]{message}", highlight=False, soft_wrap=True)
        elif record.levelno >= logging.ERROR:
            where = f"，详情见 {self.log_path}" if self.log_path else ""
            err_console.print(f"[bold red]{label}：[/]内部出错（{record.name}）{where}", highlight=False, soft_wrap=True)


class _LogFile(logging.FileHandler):
    """The log file, and its folder, are made on the first record: `jixiao --help` leaves no trace."""

    def __init__(self, path: Path):
        super().__init__(path, encoding="utf-8", delay=True)
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))

    def _open(self):
        Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True)
        return super()._open()

    def handleError(self, record: logging.LogRecord) -> None:  # an unwritable home: the terminal still says it
        pass


def setup_logging(home: Path | None) -> Path | None:
    """Every log record goes to JIXIAO_HOME/logs/jixiao.log (assistant's own from INFO, others from WARNING);
    the terminal shows them in Chinese only (see _TerminalHandler). Returns the log file."""
    root = logging.getLogger()
    if any(getattr(h, "_jixiao", False) for h in root.handlers):
        return None
    log_path = Path(home) / LOG_FILE if home is not None else None
    handlers = ([_LogFile(log_path)] if log_path else []) + [_TerminalHandler(log_path)]
    for handler in handlers:
        handler._jixiao = True
        root.addHandler(handler)
    root.setLevel(logging.WARNING)
    logging.getLogger("assistant").setLevel(logging.INFO)
    return log_path


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
