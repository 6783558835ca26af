"""The method pages cover the article's points, in the project's own words."""

from __future__ import annotations

import re
from pathlib import Path

METHOD = Path(__file__).resolve().parents[1] / "templates" / "method"


def page(stem: str) -> str:
    return " ".join((METHOD / f"{stem}.md").read_text(encoding="utf-8").split())


def test_the_first_page_names_the_three_stances_their_root_and_the_stakes() -> None:
    text = page("01-negotiation").lower()
    for stance in ("exam", "show them how it ought to be done", "checklist and see whether"):
        assert stance in text
    assert "same belief" in text  # the diagnosis they share
    assert "how well you will live" in text and "where your career goes" in text


def test_the_state_page_gives_venting_all_its_costs() -> None:
    text = page("03-state").lower()
    assert "blame" in text and "judgement" in text and "bitter" in text


def test_step_one_keeps_coming_back_later_and_step_four_your_own_date() -> None:
    text = page("08-pressure")
    assert "Can we come back to this later?" in text
    assert "reply_by:" in text and "that's the time I need" not in text


def test_the_exit_page_says_the_mismatch_decline_is_bad_for_both_and_budget_leads_there() -> None:
    text = page("09-exit")
    assert "bad for both sides" in text and "never your floor" in text
    assert "negotiation budget" in text


def test_the_last_page_closes_the_method() -> None:
    last = sorted(METHOD.glob("*.md"))[-1]
    assert last.stem == "10-agreement"
    headings = re.findall(r"^## (.+)$", last.read_text(encoding="utf-8"), re.MULTILINE)
    assert headings[-1] == "The short version"
