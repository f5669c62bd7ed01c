"""Text a person wrote (prompts, titles, file names, and replies that quote them) shown as text.

Streamlit reads Markdown in st.markdown, captions, titles, alerts and button labels: `![x](http://…)` in a prompt
would make every browser that shows it fetch that address, `[x](…)` would be a link, `:red[…]`, `:material/…:` and
`$…$` would restyle it, `# …` at the start of a line would be a heading. CommonMark lets any ASCII punctuation be
escaped with a backslash; these are the marks that can open markup (the others are left alone, so the words read
the same in the page's source).
"""

from __future__ import annotations

import re

_INLINE = re.compile(r"([\\`*_\[\]<>!$:~|&])")
_LINE_START = re.compile(r"^(\s*)([#>+=-])", re.MULTILINE)  # headings, quotes, lists, underlines
_NUMBERED = re.compile(r"^(\s*\d+)([.)])", re.MULTILINE)  # "1. ..." would start a numbered list


def as_text(text: str) -> str:
    """`text` escaped for any Streamlit element that renders Markdown."""
    escaped = _INLINE.sub(r"\\\1", text)
    return _NUMBERED.sub(r"\1\\\2", _LINE_START.sub(r"\1\\\2", escaped))
