import datetime as dt

from bot.services.cards import AnswerCard, QuotedStatement, SourceLink
from bot.services.factcheck import FactCheckResult
from bot.services.review_types import Candidate, Reporter, ReviewItemView, ReviewKind, ReviewState
from knowledge.matching.types import Action
from knowledge.schema import Verdict
from slackfront.blocks import answer_message, factcheck_message, review_message
from tests.fakeslack import check_blocks, pings_in

HOSTILE = "<!channel> <@U0ALICE01> <!subteam^S1> & *bold* `code` " + "x" * 5000


def card(text: str = HOSTILE, statements: int = 1, sources: int = 1) -> AnswerCard:
    links = tuple(SourceLink(f"https://e.com/{n}?a=1&b=2", f"Title {n} <!here>", "Pub") for n in range(sources))
    quoted = tuple(
        QuotedStatement(text, "Chief <@U1>", "KTLA", dt.date(2024, 5, 6), "context <!everyone>", links)
        for _ in range(statements)
    )
    return AnswerCard("inc", text, "claim", text, Verdict.FALSE, text, quoted, (text,), 97.0, Action.REPLY)


def test_an_answer_with_hostile_text_is_valid_and_pings_nobody() -> None:
    message = answer_message(card(statements=60, sources=30))
    assert check_blocks(message["blocks"]) == []
    assert pings_in(message) == []
    assert len(message["text"]) <= 3000


def test_an_answer_shows_verdict_quote_attribution_sources_and_why() -> None:
    message = answer_message(card("The sergeant said no one shot at him", sources=2))
    shown = repr(message["blocks"])
    assert message["blocks"][0]["text"]["text"] == Verdict.FALSE.label
    assert "\u201cThe sergeant said no one shot at him\u201d" in shown
    assert "Chief &lt;@U1&gt;, via KTLA, 2024-05-06" in shown
    assert "<https://e.com/1?a=1&amp;b=2|Title 1 &lt;!here&gt;, Pub>" in shown
    assert "Why this answer" in shown
    assert message["blocks"][-1]["elements"][0]["action_id"] == "dispute_answer"


def test_a_factcheck_is_valid_with_several_cards() -> None:
    result = FactCheckResult((card(), card(), card()), ("https://unknown.example/<!channel>",))
    message = factcheck_message(result)
    assert check_blocks(message["blocks"]) == []
    assert pings_in(message) == []


def item(state: ReviewState = ReviewState.PENDING, kind: ReviewKind = ReviewKind.MATCH) -> ReviewItemView:
    suggestion = Candidate("inc", "claim", "Title <!here>", HOSTILE, "False", 80.0, ("reason <@U1>",))
    now = dt.datetime(2026, 12, 5, tzinfo=dt.UTC)
    return ReviewItemView(
        id=7,
        guild_id="T0TEST001",
        kind=kind,
        state=state,
        channel_id="C0GENERAL",
        message_id="1712345678.000100",
        author_id="U0BOB0001",
        excerpt=HOSTILE[:300],
        link=None,
        suggestion=suggestion,
        candidates=(suggestion,) * 5,
        reporters=2,
        channels=1,
        reports=(Reporter("U0ALICE01", "C0GENERAL", "note <!channel>"),),
        created_at=now,
        last_seen_at=now,
        decided_by="U0MODER01" if state is not ReviewState.PENDING else None,
        decided_at=now if state is not ReviewState.PENDING else None,
    )


def test_review_items_are_valid_with_buttons_while_pending_and_an_outcome_after() -> None:
    pending = review_message(item())
    assert check_blocks(pending["blocks"]) == []
    assert pings_in(pending) == []
    actions = next(b for b in pending["blocks"] if b["type"] == "actions")["elements"]
    assert [a["action_id"] for a in actions] == [
        "review_approve",
        "review_pick",
        "review_reject",
        "review_dismiss",
        "review_draft",
    ]
    assert {a["value"] for a in actions} == {"7"}
    assert "confirm" in actions[2]
    decided = review_message(item(ReviewState.APPROVED))
    assert not [b for b in decided["blocks"] if b["type"] == "actions"]
    assert "Decision: approved by U0MODER01 on 2026-12-05 00:00 UTC" in repr(decided["blocks"])
    named = review_message(item(ReviewState.APPROVED), {"U0MODER01": "Mo <!here>", "U0BOB0001": "bob"})
    assert "Decision: approved by Mo &lt;!here&gt; (U0MODER01)" in repr(named["blocks"])
    assert "by bob (U0BOB0001) in <#C0GENERAL>" in repr(named["blocks"])
    assert pings_in(named) == []
    dispute = review_message(item(kind=ReviewKind.DISPUTE))
    assert [e["action_id"] for b in dispute["blocks"] if b["type"] == "actions" for e in b["elements"]] == [
        "review_uphold",
        "review_retract",
    ]


def test_a_reported_statement_has_no_quotation_marks_and_says_it_is_reported() -> None:
    statement = QuotedStatement("The officer was placed on leave.", "Lt. Vetter", None, None, None, (), reported=True)
    answer = AnswerCard("inc", "t", "claim", "c", Verdict.FALSE, "x", (statement,), (), 90.0, Action.REPLY)
    shown = repr(answer_message(answer)["blocks"])
    assert "> The officer was placed on leave." in shown
    assert "\u201cThe officer was placed on leave.\u201d" not in shown
    assert "Lt. Vetter, as reported, not their exact words" in shown
