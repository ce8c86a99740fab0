"""Journal rules without a database: Markdown sanitizing, snippets, query parsing, "on this day"
dates, and the migration's frozen copy of the no-space scripts."""

from __future__ import annotations

import importlib.util
import re
from datetime import date
from pathlib import Path

import pytest

from lifeos.domains.journal.services.entries import same_day_in
from lifeos.domains.journal.services.search import SearchTerms, parse_query
from lifeos.domains.journal.text import (
    NO_SPACE_SCRIPTS,
    excerpt,
    highlight,
    normalize,
    plain_text,
    render_markdown,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        ("", ""),
        (
            "# Title\n\nSome *em* and **strong** and ~~gone~~.",
            "<h1>Title</h1>\n<p>Some <em>em</em> and <strong>strong</strong> and <s>gone</s>.</p>\n",
        ),
        ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"),
        ("<img src=x onerror=alert(1)>", "<p>&lt;img src=x onerror&#61;alert(1)&gt;</p>\n"),
        ("[a](javascript:alert(1))", "<p>[a](javascript&#58;alert(1))</p>\n"),
        ("[a](vbscript:x)", "<p>[a](vbscript&#58;x)</p>\n"),
        ("[a](data:text/html;base64,PHNjcmlwdD4=)", "<p>[a](data:text/html;base64,PHNjcmlwdD4=)</p>\n"),
        ("<javascript:alert(1)>", "<p>&lt;javascript&#58;alert(1)&gt;</p>\n"),
        (
            '[a](http://x.org "t\\" onmouseover=\\"x")',
            '<p><a href="http://x.org" title="t&quot; onmouseover&#61;&quot;x" '
            'rel="noopener noreferrer nofollow">a</a></p>\n',
        ),
        ("![i](http://x.org/i.png)", '<p><img src="http://x.org/i.png" alt="i"></p>\n'),
        (
            "[m](mailto:a@b.org) [r](/relative)",
            '<p><a href="mailto:a@b.org" rel="noopener noreferrer nofollow">m</a> '
            '<a href="/relative" rel="noopener noreferrer nofollow">r</a></p>\n',
        ),
        ("```python\nprint(1)\n```", "<pre><code>print(1)\n</code></pre>\n"),
        (
            "| a |\n|--:|\n| 1 |",
            "<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>1</td>\n</tr>\n</tbody>\n</table>\n",
        ),
        ("button=1 and action=2", "<p>button=1 and action=2</p>\n"),
    ],
)
def test_markdown_renders_to_sanitized_html(markdown: str, html: str) -> None:
    assert render_markdown(markdown) == html


def test_rendering_never_yields_active_markup_for_hostile_input() -> None:
    hostile = [
        "<svg/onload=alert(1)>", "<a href='javascript:x'>a</a>", "[x](JAVASCRIPT:alert(1))",
        "<iframe src=javascript:alert(1)>", "<style>*{}</style>", "<!-- c --><b onclick=x>b</b>",
        "![x](javascript:alert(1))", "[x]: javascript:alert(1)\n\n[x]", "<div style='x'>d</div>",
    ]  # fmt: skip
    for markdown in hostile:
        out = render_markdown(markdown).lower()
        assert not re.search(r"<(script|svg|iframe|style|div|b)\b", out), (markdown, out)
        assert "javascript:" not in out and not re.search(r"\bon[a-z]+=", out), (markdown, out)


def test_plain_text_drops_the_markdown_syntax() -> None:
    assert (
        plain_text("# Hi\n\n*a* [link](http://x.org) `c` <b>&amp;</b>") == "Hi a link c <b>&</b>"
    )  # an entity in Markdown is its character


def test_highlight_marks_every_match_and_escapes_the_rest() -> None:
    pattern = re.compile(r"(?<![^\W_])(?:cat)(?![^\W_])", re.IGNORECASE)
    assert highlight("A <cat> & a Cat, not a catalog.", pattern) == (
        "A &lt;<mark>cat</mark>&gt; &amp; a <mark>Cat</mark>, not a catalog."
    )
    assert highlight("no match here", pattern) is None


def test_excerpt_cuts_at_a_word() -> None:
    assert excerpt("short <b>") == "short &lt;b&gt;"
    assert excerpt("word " * 60, width=30) == "word word word word word word…"


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("lighthouse", SearchTerms(("lighthouse",), ())),
        ("  two  words two ", SearchTerms(("two", "words"), ())),
        ("长城 天气很好", SearchTerms((), ("长城", "天气很好"))),
        ("東京タワー view", SearchTerms(("view",), ("東京タワー",))),
        ("mixed长城text", SearchTerms(("mixed", "text"), ("长城",))),
        ('"quoted" !!! ...', SearchTerms(('"quoted"',), ())),
        ("!!! ...", SearchTerms((), ())),
    ],
)
def test_queries_split_into_words_and_no_space_runs(query: str, terms: SearchTerms) -> None:
    assert parse_query(query) == terms


def test_query_text_is_nfc_normalized() -> None:
    decomposed = "cafe\u0301"
    assert parse_query(decomposed).words == ("café",)
    assert normalize(decomposed) == "café"


@pytest.mark.parametrize(
    ("year", "day", "dates"),
    [
        (2024, date(2028, 2, 29), [date(2024, 2, 29)]),
        (2023, date(2028, 2, 29), []),
        (2024, date(2026, 2, 28), [date(2024, 2, 28), date(2024, 2, 29)]),
        (2023, date(2026, 2, 28), [date(2023, 2, 28)]),
        (2024, date(2028, 2, 28), [date(2024, 2, 28)]),
        (2024, date(2026, 3, 1), [date(2024, 3, 1)]),
        (2020, date(2026, 12, 31), [date(2020, 12, 31)]),
    ],
)
def test_same_day_in_an_earlier_year(year: int, day: date, dates: list[date]) -> None:
    assert same_day_in(year, day) == dates


def test_the_migration_spaces_out_the_same_scripts_as_the_search() -> None:
    path = ROOT / "lifeos" / "migrations" / "versions" / "20261128_journal_search.py"
    spec = importlib.util.spec_from_file_location("journal_search_revision", path)
    assert spec is not None and spec.loader is not None
    revision = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(revision)
    assert revision.NO_SPACE_SCRIPTS == NO_SPACE_SCRIPTS
    assert f"'([{NO_SPACE_SCRIPTS}])'" in revision.PG_VECTOR_SQL


def test_a_snippet_is_the_text_around_the_match_without_markdown() -> None:
    from lifeos.domains.journal.models import JournalEntry
    from lifeos.domains.journal.services.search import snippet

    entry = JournalEntry(title="Walk", body="Intro [a link](http://x.org) then **lighthouse** keeper & co.")
    assert (
        snippet(entry, parse_query("LIGHTHOUSE"))
        == "Intro a link then <mark>lighthouse</mark> keeper &amp; co."
    )
    assert snippet(entry, parse_query("walk")) == "<mark>Walk</mark>"
    long = JournalEntry(title=None, body="x " * 400 + "*needle* " + "y " * 400)
    assert snippet(long, parse_query("needle")) == "…" + "x " * 33 + "<mark>needle</mark>" + " y" * 64 + "…"
    assert snippet(JournalEntry(title="t", body="no match **here**"), parse_query("zzz")) == "no match here"
