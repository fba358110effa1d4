"""Helpers shared by the command modules: Chinese errors with exit status 2, console output."""

from __future__ import annotations

from typing import NoReturn

import typer
from rich.console import Console

console = Console()
err_console = Console(stderr=True)


def fail(message: str, code: int = 2) -> NoReturn:
    """Print a Chinese error (never a traceback) and exit with ``code`` (2 = bad input)."""
    err_console.print(f"[bold red]错误：[/]{message}", highlight=False)
    raise typer.Exit(code)
