"""/projects in Chromium: each page clean, accessible and phone-sized; complete a task in place on
its project's board and on Today (htmx), and see the progress and the Today card follow."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.life_pages import audit, browser_page, build, signed_in_state
from tests.browser.support import Live, assert_accessible


@pytest.fixture(scope="module")
def projects_member(browser: Browser, live: Live) -> dict[str, Any]:
    """Ada with two projects: tasks overdue, due today, later, in progress and done, and time logged."""
    from lifeos.domains.projects.services import projects as projects_svc
    from lifeos.domains.projects.services import tasks as tasks_svc

    ada = live.user(full_name="Ada Lovelace", timezone="UTC")
    today = date.today()

    def make(uow: Any) -> dict[str, int]:
        def project(name: str, description: str, target: date | None) -> int:
            given = {"name": name, "status": "active", "description": description, "target_date": target}
            return projects_svc.create(uow, ada.id, given, today).id

        def task(
            project_id: int, title: str, status: str = "todo", due: date | None = None, **extra: Any
        ) -> int:
            given = {"title": title, "status": status, "due_date": due, **extra}
            return tasks_svc.create(uow, ada.id, project_id, given, today).id

        move = project("Move house", "Out of the flat by the end of the month.", today + timedelta(days=24))
        ids = {
            "move": move,
            "van": task(move, "Book the van", due=today - timedelta(days=2), priority=1),
            "boxes": task(move, "Pack the books", "doing", due=today),
            "post": task(move, "Redirect the post", due=today + timedelta(days=5), priority=3),
            "meter": task(move, "Read the meters", due=today + timedelta(days=20)),
        }
        task(move, "Give notice to the landlord", "done")
        tasks_svc.log_time(uow, ada.id, ids["boxes"], 95, "two shelves", today)
        kitchen = project("Kitchen", "New tiles and a bigger worktop.", None)
        task(kitchen, "Choose the tiles", "done")
        task(kitchen, "Measure the worktop", notes="both sides of the sink")
        ids["kitchen"] = kitchen
        return ids

    ids = build(live, make)
    return {"person": ada, "ids": ids, "state": signed_in_state(browser, live, ada)}


def test_projects_pages_are_clean_accessible_and_fit_a_phone(
    browser: Browser, live: Live, projects_member: dict[str, Any]
) -> None:
    with browser_page(browser, live, projects_member["state"]) as (page, watch):
        audit(page, watch, "/projects", "projects")
        expect(page.get_by_role("link", name="Move house")).to_be_visible()
        expect(page.get_by_label("Move house: 20% of tasks done")).to_be_visible()
        audit(page, watch, f"/projects/{projects_member['ids']['move']}", "project")


def test_complete_a_task_on_its_board_and_reopen_it(
    browser: Browser, live: Live, projects_member: dict[str, Any]
) -> None:
    with browser_page(browser, live, projects_member["state"]) as (page, _watch):
        page.goto(f"/projects/{projects_member['ids']['move']}")
        done_column = page.locator("section.board-column", has=page.get_by_role("heading", name="Done"))
        expect(done_column).not_to_contain_text("Redirect the post")
        expect(page.get_by_text("1 of 5 tasks done")).to_be_visible()
        page.get_by_role("button", name="Complete “Redirect the post”").click()
        status = page.get_by_role("status").filter(has_text="“Redirect the post” completed.")
        expect(status).to_be_visible()
        expect(status).to_be_focused()
        expect(done_column).to_contain_text("Redirect the post")
        expect(page.get_by_text("2 of 5 tasks done")).to_be_visible()
        page.get_by_role("button", name="Reopen “Redirect the post”").click()
        expect(page.get_by_role("status")).to_have_text("“Redirect the post” reopened.")
        expect(done_column).not_to_contain_text("Redirect the post")


def test_complete_a_task_on_today(browser: Browser, live: Live, projects_member: dict[str, Any]) -> None:
    with browser_page(browser, live, projects_member["state"]) as (page, _watch):
        page.goto("/today")
        assert_accessible(page, "Today with its cards filled")
        card = page.locator("#today-tasks")
        expect(card).to_contain_text("Book the van")
        expect(card).to_contain_text("Overdue")
        expect(card).not_to_contain_text("Read the meters")  # due in 20 days: not this week
        page.get_by_role("button", name="Complete “Book the van”").click()
        expect(card.get_by_role("status")).to_contain_text("“Book the van” completed.")
        expect(card.get_by_role("link", name="Book the van")).to_have_count(0)
        expect(card).to_contain_text("Pack the books")
        page.reload()
        expect(page.locator("#today-tasks").get_by_role("link", name="Book the van")).to_have_count(0)
        page.goto(f"/projects/{projects_member['ids']['move']}")
        done_column = page.locator("section.board-column", has=page.get_by_role("heading", name="Done"))
        expect(done_column).to_contain_text("Book the van")
