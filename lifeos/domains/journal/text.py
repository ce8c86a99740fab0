"""Journal text, database-free: Markdown to safe HTML, plain text, and highlighted snippets.

The body is Markdown. `render_markdown` turns it into HTML with markdown-it-py (CommonMark plus
tables and strikethrough, raw HTML off: `<script>` typed in a body is shown as text) and then
cleans that HTML with nh3 (an allow-list of the tags Markdown produces; links and images only
http, https, mailto or relative; no `style`, no `class`, no event-handler attributes). As a last
belt, sequences that would be dangerous if some consumer ever re-parsed the text as markup
(`onerror=`, `javascript:`) are written with a character reference (`onerror&#61;`): browsers
show exactly the same characters.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

# Scripts written without spaces between words: search treats a run of these characters as a
# substring to find, not as a word (migration 20261128_journal_search holds a frozen copy).
NO_SPACE_SCRIPTS = (
    "\u0e00-\u0eff"  # Thai, Lao
    "\u1000-\u109f"  # Myanmar
    "\u1100-\u11ff"  # Hangul Jamo
    "\u1780-\u17ff"  # Khmer
    "\u3040-\u30ff"  # Hiragana, Katakana
    "\u3130-\u318f"  # Hangul compatibility Jamo
    "\u31f0-\u31ff"  # Katakana phonetic extensions
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uac00-\ud7af"  # Hangul syllables
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\uff66-\uff9f"  # half-width Katakana
    "\U00020000-\U0003134f"  # CJK extensions B-G
)

_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"]
)
_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "s", "del", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "ol": {"start"}}
_URL_SCHEMES = {"http", "https", "mailto"}
_DEFUSE = re.compile(r"(?i)(\bon[a-z]+)=|(\b(?:java|vb)script):")
# markdown-it-py costs 2–20 µs per character; the bodies of a timeline page are rendered again
# on every view, so short ones are remembered (per process, bounded: ≤ 256 × 10,000 characters).
_CACHED_CHARS = 10_000


@lru_cache(maxsize=256)
def _cached_markdown(body: str) -> str:
    return str(_MARKDOWN.render(body))


def _markdown(body: str) -> str:
    return _cached_markdown(body) if len(body) <= _CACHED_CHARS else str(_MARKDOWN.render(body))


def normalize(text: str) -> str:
    """NFC: one encoding for the same visible text (search and comparisons rely on it)."""
    return unicodedata.normalize("NFC", text)


def _defuse(match: re.Match[str]) -> str:
    if match.group(1):
        return f"{match.group(1)}&#61;"
    return f"{match.group(2)}&#58;"


def render_markdown(body: str) -> str:
    """The body as sanitized HTML."""
    if not body:
        return ""
    clean = nh3.clean(
        _markdown(body),
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return _DEFUSE.sub(_defuse, clean)


_MARKUP = [
    (re.compile(r"!\[([^\]\n]*)\]\([^)\n]*\)"), r"\1"),  # images → their alt text
    (re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)"), r"\1"),  # links → their text
    (re.compile(r"(?m)^ {0,3}(?:#{1,6}(?=\s)|>+|(?:[-*+]|\d{1,9}[.)])(?=\s))"), " "),  # block markers
    (re.compile(r"(?m)^ {0,3}(?:`{3,}|~{3,}).*$"), " "),  # code fences
    (
        re.compile(r"(?<=\S)\*{1,3}|\*{1,3}(?=\S)|~~|`+|(?<!\w)_{1,3}(?=\S)|(?<=\S)_{1,3}(?!\w)"),
        "",
    ),  # emphasis
]


def plain_text(body: str) -> str:
    """The body's text as a reader sees it, near enough for a snippet: the common Markdown
    markers dropped (links and images keep their text), entities decoded, whitespace collapsed.

    Regular expressions, not a Markdown parse: a search page builds one per hit.
    """
    if not body:
        return ""
    text = body
    for pattern, replacement in _MARKUP:
        text = pattern.sub(replacement, text)
    return " ".join(html.unescape(text).split())


def highlight(text: str, pattern: re.Pattern[str], width: int = 200) -> str | None:
    """An HTML snippet of `text` around the first match of `pattern`, matches in `<mark>`.

    Everything outside the marks is HTML-escaped; a cut is shown as `…`. None when nothing
    in `text` matches.
    """
    first = pattern.search(text)
    if first is None:
        return None
    start = max(0, first.start() - width // 3)
    if start > 0:
        space = text.rfind(" ", 0, start)
        start = space + 1 if space >= 0 and start - space < 20 else start
    end = max(min(len(text), start + width), first.end())
    if end < len(text):
        space = text.find(" ", end)
        end = space if 0 <= space - end < 20 else end
    window = text[start:end]
    out = ["…"] if start > 0 else []
    position = 0
    for match in pattern.finditer(window):
        if match.end() == match.start():
            continue
        out.append(html.escape(window[position : match.start()], quote=False))
        out.append(f"<mark>{html.escape(match.group(), quote=False)}</mark>")
        position = match.end()
    out.append(html.escape(window[position:], quote=False))
    if end < len(text):
        out.append("…")
    return "".join(out)


def excerpt(text: str, width: int = 200) -> str:
    """The start of `text`, HTML-escaped (a snippet when no word matched)."""
    if len(text) <= width:
        return html.escape(text, quote=False)
    cut = text.rfind(" ", 0, width)
    cut = cut if cut > width // 2 else width
    return html.escape(text[:cut], quote=False) + "…"
