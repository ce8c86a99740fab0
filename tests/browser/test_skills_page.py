"""/skills in Chromium: each page clean, accessible and phone-sized with its minutes-per-week chart
drawn; log practice through the form and see the chart's numbers and the sessions follow."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.life_pages import audit, browser_page, build, deliver_outbox, signed_in_state
from tests.browser.support import Live


@pytest.fixture(scope="module")
def skills_member(browser: Browser, live: Live) -> dict[str, Any]:
    """Ada's skills with ten weeks of practice, the rollups delivered (as the worker would)."""
    from lifeos.domains.skills.services import sessions as sessions_svc
    from lifeos.domains.skills.services import skills as skills_svc

    ada = live.user(full_name="Ada Lovelace", timezone="UTC")
    today = date.today()

    def make(uow: Any) -> dict[str, int]:
        def skill(name: str, category: str, now: int, target: int) -> int:
            given = {"name": name, "category": category, "current_level": now, "target_level": target}
            return skills_svc.create_skill(uow, ada.id, given).id

        def practice(skill_id: int, days_ago: int, minutes: int, intensity: int | None = None) -> None:
            at = datetime.combine(today - timedelta(days=days_ago), time(18, 30), tzinfo=UTC)
            data = sessions_svc.SessionInput(minutes, at.replace(tzinfo=None), intensity, None)
            sessions_svc.create_session(uow, ada.id, skill_id, data)

        ids = {
            "spanish": skill("Spanish", "Languages", 4, 7),
            "guitar": skill("Guitar", "Music", 2, 5),
            "chess": skill("Chess", "Games", 6, 8),
        }
        for days_ago, minutes in [(0, 30), (1, 25), (2, 40), (4, 20), (9, 45), (16, 30), (30, 60), (45, 35)]:
            practice(ids["spanish"], days_ago, minutes, 3)
        for days_ago, minutes in [(1, 50), (3, 30), (20, 40), (60, 90)]:
            practice(ids["guitar"], days_ago, minutes, 4)
        return ids

    ids = build(live, make)
    deliver_outbox(live)
    return {"person": ada, "ids": ids, "state": signed_in_state(browser, live, ada)}


def test_skills_pages_are_clean_accessible_and_fit_a_phone(
    browser: Browser, live: Live, skills_member: dict[str, Any]
) -> None:
    with browser_page(browser, live, skills_member["state"]) as (page, watch):
        audit(page, watch, "/skills", "skills")
        expect(page.locator("figure.chart.drawn canvas")).to_have_count(1)
        row = page.get_by_role("row", name="Spanish")
        expect(row).to_contain_text("1 h 55 min")  # 7 days: 30 + 25 + 40 + 20
        expect(page.get_by_label("Level 4 of 10, target 7")).to_be_visible()
        audit(page, watch, f"/skills/{skills_member['ids']['spanish']}", "skill")
        expect(page.locator("figure.chart.drawn canvas")).to_have_count(1)
        expect(page.get_by_text("Not practised yet")).to_have_count(0)


def test_log_practice_and_see_the_minutes_per_week(
    browser: Browser, live: Live, skills_member: dict[str, Any]
) -> None:
    with browser_page(browser, live, skills_member["state"]) as (page, watch):
        watch.expect(422)  # the refused form at the end
        page.goto("/skills")
        page.get_by_label("Skill (required)").select_option(label="Chess")
        page.get_by_role("textbox", name="Minutes").fill("75")
        page.get_by_label("Intensity").select_option("5")
        page.get_by_label("Notes").fill("Sicilian defence")
        page.get_by_role("button", name="Log practice").click()
        expect(page.get_by_role("status").filter(has_text="Logged 75 minutes of practice.")).to_be_visible()
        page.goto(f"/skills/{skills_member['ids']['chess']}")
        expect(page.get_by_role("table", name="Latest practice sessions of Chess")).to_contain_text(
            "Sicilian defence"
        )
        table = page.locator("details.chart-table")
        table.locator("summary").click()
        this_week = date.today() - timedelta(days=date.today().weekday())
        week_row = table.get_by_role("row").filter(has_text=f"{this_week:%a} {this_week.day} {this_week:%b}")
        expect(week_row).to_contain_text("75 min")

        # A refused form keeps what was typed and says why beside the field.
        page.get_by_role("textbox", name="Minutes").fill("2000")
        page.get_by_role("button", name="Log practice").click()
        minutes = page.get_by_role("textbox", name="Minutes")
        expect(minutes).to_have_attribute("aria-invalid", "true")
        expect(minutes).to_have_value("2000")
        expect(page.locator("#f-practice-minutes-error")).to_be_visible()
