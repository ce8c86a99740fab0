"""Journal full-text search (`GET /api/v1/journal/entries?q=`) on SQLite (FTS5) and PostgreSQL
(GIN over a generated tsvector): words, Chinese/Japanese/Korean substrings, highlighted and
escaped snippets, edits and deletes reflected at once, and the index in the query plan."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event, text

from tests.support.problems import assert_problem

API = "/api/v1/journal"


@pytest.fixture
def user(user_factory: Any) -> Any:
    return user_factory(timezone="Pacific/Auckland")


@pytest.fixture
def headers(user: Any, auth_headers: Any) -> dict[str, str]:
    return auth_headers(user)


def create(client: Any, headers: dict[str, str], **body: Any) -> int:
    body.setdefault("entry_date", "2026-01-01")
    response = client.post(f"{API}/entries", json=body, headers=headers)
    assert response.status_code == 201, response.get_json()
    return int(response.get_json()["id"])


def search(client: Any, headers: dict[str, str], q: str, **query: Any) -> list[tuple[int, str | None]]:
    response = client.get(f"{API}/entries", query_string={"q": q, **query}, headers=headers)
    assert response.status_code == 200, response.get_json()
    return [(item["id"], item["snippet"]) for item in response.get_json()["items"]]


def found(client: Any, headers: dict[str, str], q: str, **query: Any) -> list[int]:
    return [entry_id for entry_id, _ in search(client, headers, q, **query)]


def test_a_word_in_the_body_is_found_with_a_highlighted_snippet(client, headers):
    hit = create(client, headers, title="Coast", body="We walked to the *lighthouse* at dawn.")
    create(client, headers, title="Town", body="Groceries and a haircut.")
    assert search(client, headers, "lighthouse") == [
        (hit, "We walked to the <mark>lighthouse</mark> at dawn."),
    ]
    assert search(client, headers, "LightHouse Dawn") == [
        (hit, "We walked to the <mark>lighthouse</mark> at <mark>dawn</mark>."),
    ]
    assert found(client, headers, "light") == []  # whole words, not prefixes
    assert found(client, headers, "lighthouse haircut") == []  # every word must occur
    assert found(client, headers, "coast") == [hit]  # the title is searched too


def test_a_title_only_match_highlights_the_title(client, headers):
    hit = create(client, headers, title="Kayak trip", body="")
    assert search(client, headers, "kayak") == [(hit, "<mark>Kayak</mark> trip")]


def test_snippets_escape_the_text_around_the_marks(client, headers):
    hit = create(
        client, headers, body='Compare 5 < 6 & "quotes" <b>tag</b> then lighthouse <script>x</script>'
    )
    assert search(client, headers, "lighthouse") == [
        (
            hit,
            'Compare 5 &lt; 6 &amp; "quotes" &lt;b&gt;tag&lt;/b&gt; then <mark>lighthouse</mark> '
            "&lt;script&gt;x&lt;/script&gt;",
        ),
    ]


def test_a_long_body_gives_a_window_around_the_first_match(client, headers):
    words = [f"w{i}" for i in range(200)]
    words[120] = "needle"
    hit = create(client, headers, body=" ".join(words))
    ((entry_id, snippet),) = search(client, headers, "needle")
    assert entry_id == hit
    assert (
        snippet == "…" + " ".join(words[106:120]) + " <mark>needle</mark> " + " ".join(words[121:146]) + "…"
    )


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("长城", "今天我们去了<mark>长城</mark>，天气很好。"),  # two characters
        ("天气很好", "今天我们去了长城，<mark>天气很好</mark>。"),  # a phrase of four
        ("城", "今天我们去了长<mark>城</mark>，天气很好。"),  # one
        ("长城 天气", "今天我们去了<mark>长城</mark>，<mark>天气</mark>很好。"),
    ],
)
def test_a_chinese_phrase_is_found_inside_a_sentence(client, headers, q, expected):
    hit = create(client, headers, body="今天我们去了长城，天气很好。")
    create(client, headers, body="今天下雨了。")
    assert search(client, headers, q) == [(hit, expected)]


def test_chinese_characters_that_are_not_adjacent_do_not_match(client, headers):
    create(client, headers, body="今天我们去了长城，天气很好。")
    assert found(client, headers, "城长") == []
    assert found(client, headers, "天很") == []
    assert found(client, headers, "长城天气") == []


def test_japanese_korean_and_mixed_queries(client, headers):
    tokyo = create(client, headers, title="東京", body="東京タワーに行きました。Great view.")
    seoul = create(client, headers, body="학교에서 친구를 만났다")
    assert search(client, headers, "タワー") == [(tokyo, "東京<mark>タワー</mark>に行きました。Great view.")]
    assert found(client, headers, "学校") == []
    assert found(client, headers, "학교") == [seoul]  # a word with its particle attached
    assert search(client, headers, "view 東京") == [
        (tokyo, "<mark>東京</mark>タワーに行きました。Great <mark>view</mark>."),
    ]


def test_an_edited_entry_is_found_by_its_new_words_only(client, headers):
    entry = create(client, headers, title="Plans", body="a walk along the harbour")
    assert found(client, headers, "harbour") == [entry]
    response = client.patch(
        f"{API}/entries/{entry}", json={"body": "a swim at the reservoir，水库很冷"}, headers=headers
    )
    assert response.status_code == 200
    assert found(client, headers, "harbour") == []
    assert found(client, headers, "reservoir") == [entry]
    assert found(client, headers, "水库很冷") == [entry]
    assert found(client, headers, "plans") == [entry]
    client.patch(f"{API}/entries/{entry}", json={"title": "Ideas"}, headers=headers)
    assert found(client, headers, "plans") == []
    assert found(client, headers, "ideas reservoir") == [entry]


def test_a_deleted_entry_is_no_longer_found(client, headers):
    entry = create(client, headers, body="ephemeral thought 一闪而过")
    assert found(client, headers, "ephemeral") == [entry]
    assert client.delete(f"{API}/entries/{entry}", headers=headers).status_code == 204
    assert found(client, headers, "ephemeral") == []
    assert found(client, headers, "一闪而过") == []


def test_search_combines_with_filters_and_paginates_newest_first(client, headers):
    made = [
        create(client, headers, body=f"river day {i}", entry_date=f"2026-01-0{i}", mood=i - 3, tags=["out"])
        for i in range(1, 6)
    ]
    create(client, headers, body="indoors", entry_date="2026-01-09")
    response = client.get(
        f"{API}/entries", query_string={"q": "river", "limit": 2}, headers=headers
    ).get_json()
    assert [item["id"] for item in response["items"]] == [made[4], made[3]]
    rest = client.get(
        f"{API}/entries",
        query_string={"q": "river", "limit": 2, "cursor": response["next_cursor"]},
        headers=headers,
    ).get_json()
    assert [item["id"] for item in rest["items"]] == [made[2], made[1]]
    assert found(client, headers, "river", mood_min=0, tag="OUT") == [made[4], made[3], made[2]]
    assert found(client, headers, "river", **{"from": "2026-01-02", "to": "2026-01-03"}) == [made[2], made[1]]


@pytest.mark.parametrize("q", ["river", "长城", "天气很好", "river 长城"])
def test_a_page_is_completed_from_older_entries_through_the_index(client, headers, monkeypatch, q):
    """The newest RECENT_WINDOW entries are searched first; older matches come from the index."""
    monkeypatch.setattr("lifeos.domains.journal.services.entries.RECENT_WINDOW", 3)
    body = "river 长城 天气很好"
    days = [f"2026-01-{d:02d}" for d in range(1, 13)]
    made = {
        day: create(client, headers, body=body if day in days[::3] else "other", entry_date=day)
        for day in days
    }
    matching = [made[day] for day in reversed(days[::3])]  # 01-10, 01-07, 01-04, 01-01
    pages, cursor = [], None
    while True:
        query = {"q": q, "limit": 1, **({"cursor": cursor} if cursor else {})}
        page = client.get(f"{API}/entries", query_string=query, headers=headers).get_json()
        pages.append([item["id"] for item in page["items"]])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert pages == [[entry_id] for entry_id in matching]
    assert found(client, headers, q, limit=3) == matching[:3]
    assert found(client, headers, q, mood_min=0) == []
    assert found(client, headers, q, **{"to": "2026-01-06"}) == matching[2:]


@pytest.mark.parametrize(
    "q",
    ['"', '""', "*", "a*", "NEAR(a b)", "title:x", "-x", "x AND y OR", "(", "'", "\\", "%_", "!!!", "…"],
)
def test_query_syntax_characters_are_plain_text(client, headers, q):
    create(client, headers, body="plain text")
    response = client.get(f"{API}/entries", query_string={"q": q}, headers=headers)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["items"] == []


def test_punctuation_in_a_query_is_ignored_around_words(client, headers):
    hit = create(client, headers, body="Email from Ana: it's done (finally).")
    assert found(client, headers, '"finally"!') == [hit]
    assert found(client, headers, "ana:") == [hit]


def test_an_empty_query_is_the_plain_timeline(client, headers):
    a = create(client, headers, body="one", entry_date="2026-01-01")
    b = create(client, headers, body="two", entry_date="2026-01-02")
    assert search(client, headers, "   ") == [(b, None), (a, None)]


def test_a_query_too_long_is_422(client, headers):
    assert_problem(client.get(f"{API}/entries", query_string={"q": "長" * 201}, headers=headers), 422)


def _captured_search_sql(app: Any, client: Any, headers: dict[str, str], q: str) -> list[tuple[str, Any]]:
    """Every statement the search request ran that holds the full-text condition."""
    from lifeos.extensions import db

    statements: list[tuple[str, Any]] = []

    def record(
        conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool
    ) -> None:
        if "search_vector" in statement or "journal_entry_fts" in statement:
            statements.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        assert client.get(f"{API}/entries", query_string={"q": q}, headers=headers).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return statements


@pytest.mark.parametrize(
    ("q", "expected_sqlite"), [("lighthouse", "journal_entry_fts"), ("天气很好", "journal_entry_fts_trigram")]
)
def test_search_goes_through_the_full_text_index(
    app, client, session, user, headers, backend, monkeypatch, q, expected_sqlite
):
    """Both steps of a search (the newest entries, then the older ones) use the index."""
    monkeypatch.setattr("lifeos.domains.journal.services.entries.RECENT_WINDOW", 100)
    new = create(client, headers, body="lighthouse 天气很好", entry_date="2026-01-01")
    old = create(client, headers, body="lighthouse 天气很好", entry_date="2019-01-01")  # an old match
    connection = session.connection()
    if backend == "postgresql":
        # Many entries of this user and fresh statistics (rolled back with the test), so that the
        # planner weighs the GIN index against the user's own rows as it does on a real journal.
        connection.execute(
            text(
                "INSERT INTO journal_entry (user_id, title, body, tags, entry_date, is_private) "
                "SELECT :user_id, 'day ' || g, 'ordinary words number ' || g || ' 今天', '[]', "
                "DATE '2020-01-01' + g, true FROM generate_series(1, 2000) AS g"
            ),
            {"user_id": user.id},
        )
        connection.execute(text("ANALYZE journal_entry"))
        # Rows written in this (never committed) transaction wait in GIN's pending list, which
        # the planner prices as a scan; a committed journal has them merged (autovacuum).
        connection.execute(text("SELECT gin_clean_pending_list('ix_journal_entry_search_vector')"))
    else:
        connection.execute(
            text(
                "WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 300) "
                "INSERT INTO journal_entry (user_id, title, body, tags, entry_date, is_private) "
                "SELECT :user_id, 'day ' || n, 'ordinary words number ' || n, '[]', "
                "date('2020-01-01', '+' || n || ' days'), 1 FROM g"
            ),
            {"user_id": user.id},
        )
    statements = _captured_search_sql(app, client, headers, q)
    assert len(statements) == 2  # the newest RECENT_WINDOW entries, then the older ones
    assert found(client, headers, q) == [new, old]
    for statement, parameters in statements:
        if backend == "postgresql":
            plan = "\n".join(row[0] for row in connection.exec_driver_sql("EXPLAIN " + statement, parameters))
            assert "Bitmap Index Scan on ix_journal_entry_search_vector" in plan, plan
            assert "Seq Scan" not in plan, plan
        else:
            rows = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
            plan = "\n".join(str(row[3]) for row in rows)
            assert f"SCAN {expected_sqlite} VIRTUAL TABLE INDEX" in plan, plan
            assert "SCAN journal_entry " not in plan + " ", plan
