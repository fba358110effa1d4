"""Text from forms, users and models shown inside gr.Markdown / gr.HTML: always characters, never markup.

An indicator named ``<div style="position:fixed…">`` or a message with ``**`` must read as typed; only the
page's own markup (headings, bold place names, line breaks) is markup. Every renderer of form content in ui/
passes it through here.
"""

from __future__ import annotations

import html
import re

_MARKDOWN = re.compile(r"([\\`*_\[\]#|~$])")


def md(text) -> str:
    """Plain text for a markdown component: HTML escaped, markdown's active characters backslash-escaped."""
    escaped = html.escape(str(text if text is not None else ""), quote=False)
    return _MARKDOWN.sub(r"\\\1", escaped).replace("\n", "<br>")


def esc(text) -> str:
    """Plain text inside our own HTML."""
    return html.escape(str(text if text is not None else ""))
