"""ClaimReview import (array, JSON-LD, @graph, DataFeed, JSON lines), export, and the round trip."""

import datetime as dt
import json
from pathlib import Path

import pytest

from knowledge.base import KnowledgeBase
from knowledge.claimreview import (
    TEXTUAL_RATINGS,
    VERDICT_RATINGS,
    export_claimreview,
    import_claimreview,
    read_claimreview,
    slugify,
    verdict_from_rating,
)
from knowledge.loader import load_knowledge
from knowledge.schema import Verdict

DATA = Path(__file__).parent / "data" / "claimreview"


def review(**changes: object) -> dict:
    item = {
        "@type": "ClaimReview",
        "url": "https://factcheck.example.org/2024/07/claim/",
        "claimReviewed": "The lake was drained overnight",
        "author": {"@type": "Organization", "name": "Example Fact Check"},
        "reviewRating": {"@type": "Rating", "alternateName": "False"},
    }
    item.update(changes)
    return {key: value for key, value in item.items() if value is not None}


def load(name: str):
    return load_knowledge([DATA / name])


# -- import: the fixture shapes --------------------------------------------------------------------


def test_array_fixture():
    result = load("array.json")
    assert (result.errors, result.notes) == ((), ())
    bridge, library = result.knowledge
    assert bridge.id == "factcheck-example-org-2024-03-bridge-closed-forever"
    assert bridge.title == "No, the Riverside bridge is not closed forever"
    assert bridge.location is None
    assert bridge.date == dt.date(2024, 2, 28)
    [claim] = bridge.claims
    assert (claim.text, claim.verdict) == ("The Riverside bridge has been closed forever after an inspection", "false")
    [statement] = bridge.statements_for(claim)
    assert statement.speaker == "Example Fact Check"
    assert statement.quote == "The county says the bridge is closed for three weeks of repairs and will reopen."
    assert statement.date == dt.date(2024, 3, 2)
    assert statement.context == "Reviewing a claim by A viral post."
    assert statement.source.url == "https://factcheck.example.org/2024/03/bridge-closed-forever/"
    assert statement.source.publisher == "Example Fact Check"
    assert [(link.url, link.note) for link in bridge.links] == [
        ("https://social.example.com/posts/12345", None),
        ("https://video.example.net/watch?v=abc123", "Bridge gone!"),
    ]
    assert all(bridge.link_claim(link) == claim for link in bridge.links)
    assert library.claims[0].verdict is Verdict.ACCURATE


def test_missing_review_body_gives_the_publishers_rating_and_no_quote():
    library = load("array.json").knowledge.get("factcheck-example-org-2024-03-library-hours")
    assert library.statements == ()
    [claim] = library.claims
    assert claim.statements == ()
    rating = claim.rating
    assert (rating.rating, rating.publisher, rating.date) == ("Mostly True", "Example Fact Check", None)
    assert rating.url == "https://factcheck.example.org/2024/03/library-hours/"
    assert claim.clarification == 'Example Fact Check rated this claim "Mostly True".'
    assert [str(source.url) for source in library.sources] == ["https://factcheck.example.org/2024/03/library-hours/"]
    assert library.date is None
    assert library.title == library.claims[0].text == library.summary


def test_single_json_ld_document():
    result = load("single.jsonld")
    assert result.ok
    [incident] = result.knowledge
    assert incident.id == "efc-2024-0042"
    assert incident.title == "Claim about tap water is missing context"
    assert incident.claims[0].verdict is Verdict.MISSING_CONTEXT
    assert incident.statements == ()
    assert incident.claims[0].rating.rating == "3 on a scale of 1 to 5"
    assert [link.url for link in incident.links] == ["https://forum.example.com/t/water/77"]


def test_graph_groups_reviews_of_one_page_and_skips_other_types():
    result = load("graph.jsonld")
    assert result.errors == ()
    [note] = result.notes
    assert note.message == "skipped 1 item(s) that are not ClaimReview: WebPage"
    [incident] = result.knowledge
    assert incident.id == "checks-example-net-festival"
    assert [(claim.text, claim.verdict) for claim in incident.claims] == [
        ("The summer festival was cancelled", Verdict.FALSE),
        ("Festival tickets cost twice as much this year", Verdict.MISSING_CONTEXT),
    ]
    assert incident.verdict is Verdict.FALSE
    assert [claim.rating.publisher for claim in incident.claims] == ["Checks Desk", "Checks Desk"]
    assert incident.link_claim(incident.links[0]).text == "The summer festival was cancelled"


def test_jsonl_bad_line_is_reported_and_the_rest_load():
    result = load("feed.jsonl")
    [error] = result.errors
    assert (error.location, error.line, error.message) == ("line 2: claimReviewed", 2, "Field required")
    assert str(error) == f"{DATA / 'feed.jsonl'}: line 2: claimReviewed: Field required"
    assert [incident.claims[0].verdict for incident in result.knowledge] == [Verdict.FALSE, Verdict.UNPROVEN]


def test_data_feed_with_unknown_rating_and_other_item():
    result = load("datafeed.json")
    assert result.errors == ()
    rating_note, skipped_note = result.notes
    assert rating_note.location == "dataFeedElement[0].item[0].reviewRating"
    assert rating_note.message == "rating 'Satire' not recognised; imported as 'unproven'"
    assert skipped_note.message == "skipped 1 item(s) that are not ClaimReview: Organization"
    [incident] = result.knowledge
    assert incident.claims[0].verdict is Verdict.UNPROVEN
    assert incident.claims[0].rating.rating == "Satire"
    assert incident.statements == ()


def test_whole_fixture_directory_loads_with_counts():
    result = load_knowledge([DATA])
    assert result.files == 5
    assert len(result.errors) == 1
    assert len(result.knowledge) == 7


# -- import: item problems ------------------------------------------------------------------------


def test_bad_item_names_index_and_field_and_the_rest_load():
    bad = review(itemReviewed={"@type": "Claim", "appearance": [{"url": "not a url"}]})
    result = import_claimreview([review(), bad], Path("feed.json"))
    [error] = result.errors
    assert error.location == "[1].itemReviewed.appearance.0.url"
    assert str(error).startswith("feed.json: [1].itemReviewed.appearance.0.url: Input should be a valid URL")
    assert len(result.incidents) == 1


@pytest.mark.parametrize(
    ("changes", "location", "message"),
    [
        ({"url": None}, "[0].url", "Field required"),
        ({"claimReviewed": "   "}, "[0].claimReviewed", "String should have at least 1 character"),
        ({"author": {"@type": "Organization"}}, "[0].author.name", "Field required"),
        ({"reviewRating": None}, "[0].reviewRating", "Field required"),
        ({"reviewRating": {"@type": "Rating"}}, "[0].reviewRating", "Value error, no rating given"),
        ({"datePublished": "last Tuesday"}, "[0].datePublished", "Input should be a valid date"),
    ],
)
def test_item_errors(changes, location, message):
    [error] = import_claimreview([review(**changes)]).errors
    assert error.location == location
    assert error.message.startswith(message)


def test_publisher_stands_in_for_a_missing_author():
    result = import_claimreview([review(author=None, publisher={"name": "Desk"}, reviewBody="It was not.")])
    [incident] = result.incidents
    assert incident.statements[0].speaker == "Desk"
    assert incident.claims[0].rating.publisher == "Desk"
    assert result.notes == ()


def test_review_without_author_takes_the_feeds_publisher_with_a_note():
    feed = {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "publisher": {"@type": "Organization", "name": "Feed Desk"},
        "dataFeedElement": [{"@type": "DataFeedItem", "item": [review(author=None, reviewBody="It was not.")]}],
    }
    result = read_claimreview(json.dumps(feed), "https://feeds.example.org/checks.json")
    assert result.errors == ()
    [incident] = result.incidents
    assert incident.claims[0].rating.publisher == "Feed Desk"
    assert incident.statements[0].speaker == "Feed Desk"
    [note] = result.notes
    assert note.location == "dataFeedElement[0].item[0].author"
    assert note.message == "no author: the feed's publisher 'Feed Desk' is shown as the fact-checker"
    assert str(note).startswith("https://feeds.example.org/checks.json: dataFeedElement[0].item[0].author: ")


def test_review_without_any_publisher_loads_as_unnamed_with_a_note():
    result = import_claimreview([review(author=None)])
    [incident] = result.incidents
    [claim] = incident.claims
    assert claim.rating.publisher is None
    assert claim.clarification == 'An unnamed fact-checker rated this claim "False".'
    assert incident.statements == ()
    assert [(note.location, note.message) for note in result.notes] == [
        ("[0].author", "no author or publisher: the fact-checker is shown as unnamed")
    ]


def test_rating_value_between_worst_and_best_still_decides_the_verdict():
    rating = {"@type": "Rating", "ratingValue": 2, "worstRating": 1, "bestRating": 10}
    result = import_claimreview([review(reviewRating=rating)])
    [claim] = result.incidents[0].claims
    assert (claim.verdict, claim.rating.rating) == (Verdict.FALSE, "2 on a scale of 1 to 10")
    assert result.notes == ()


def test_review_body_is_the_fact_checkers_statement_next_to_its_rating():
    [incident] = import_claimreview([review(reviewBody="We could not confirm this.")]).incidents
    [claim] = incident.claims
    [statement] = incident.statements_for(claim)
    assert (statement.speaker, statement.quote) == ("Example Fact Check", "We could not confirm this.")
    assert claim.rating.rating == "False"


def test_non_object_items_are_errors():
    [error] = import_claimreview([review(), "just text"]).errors
    assert (error.location, error.message) == ("[1]", "expected a JSON object, got a string")


def test_item_without_type_is_skipped_with_a_note():
    result = import_claimreview([{"claimReviewed": "x"}])
    assert result.incidents == ()
    assert [note.message for note in result.notes] == ["skipped 1 item(s) that are not ClaimReview: no @type"]


def test_full_iri_types_are_understood():
    assert len(import_claimreview([review(**{"@type": "http://schema.org/ClaimReview"})]).incidents) == 1


def test_invalid_json_names_line_and_column():
    [error] = read_claimreview('[\n  {"@type": "ClaimReview",}\n]', Path("x.json")).errors
    assert (error.location, error.line) == ("line 2, column 27", 2)
    assert error.message.startswith("invalid JSON")


def test_invalid_json_line():
    text = json.dumps(review()) + "\n{broken\n"
    result = read_claimreview(text, Path("x.jsonl"), jsonl=True)
    assert [(error.location, error.line) for error in result.errors] == [("line 2, column 2", 2)]
    assert len(result.incidents) == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty file"),
        ("42", "expected a JSON object or array"),
        ('[{"ratingValue": NaN}]', "invalid JSON: NaN is not a JSON value"),
        ("[" * 100_000, "invalid JSON: nested too deeply"),
    ],
)
def test_empty_or_scalar_document(text, message):
    [error] = read_claimreview(text, Path("x.json")).errors
    assert error.message.startswith(message)


def test_duplicate_claim_within_an_incident_is_rejected():
    result = import_claimreview([review(), review()])
    [error] = result.errors
    assert error.location == "[1]"
    assert "duplicate claim 'the-lake-was-drained-overnight'" in error.message
    assert len(result.incidents[0].claims) == 1


def test_claimreview_ids_clashing_with_curated_ones_are_rejected(tmp_path):
    path = tmp_path / "feed.json"
    path.write_text(json.dumps([review(identifier="westminster-duran-shooting--lake")]), encoding="utf-8")
    result = load_knowledge([Path(__file__).parents[2] / "knowledge" / "incidents", path])
    [error] = result.errors
    assert error.path == path
    assert "already loaded from" in error.message


def test_oversized_feed(tmp_path):
    from knowledge.loader import Limits

    path = tmp_path / "feed.json"
    path.write_text(json.dumps([review()] * 20), encoding="utf-8")
    [error] = load_knowledge([path], limits=Limits(claimreview_bytes=1000)).errors
    assert error.message == "file is larger than the 1000 bytes limit"


# -- ids -------------------------------------------------------------------------------------------


def test_ids_from_url_are_stable_and_distinguish_queries():
    first = import_claimreview([review(url="https://www.example.org/check?id=1")]).incidents[0].id
    second = import_claimreview([review(url="https://www.example.org/check?id=2")]).incidents[0].id
    again = import_claimreview([review(url="https://www.example.org/check?id=1")]).incidents[0].id
    assert first.startswith("example-org-check-")
    assert first != second
    assert first == again


LONG_CLAIM = "Officials confirmed that the reservoir above the town was drained overnight by the water board"


def _ids(items: list[dict]) -> dict[str, set[tuple[str, str]]]:
    """Each review's url -> the (incident, claim) ids it got."""
    found: dict[str, set[tuple[str, str]]] = {}
    for incident in import_claimreview(items).incidents:
        for claim in incident.claims:
            found.setdefault(str(claim.rating.url), set()).add((incident.id, claim.id))
    return found


def test_reviews_without_identifier_keep_their_ids_across_polls():
    """A feed polled again: reordered, a review added, a rating changed, a claim's wording touched up."""
    first_poll = [
        review(url="https://factcheck.example.org/a", claimReviewed=LONG_CLAIM),
        review(url="https://factcheck.example.org/b", claimReviewed="The bridge was closed for good"),
    ]
    touched_up = " officials confirmed that the reservoir above the town was drained overnight, by the Water Board. "
    second_poll = [
        review(url="https://factcheck.example.org/c", claimReviewed="A new claim"),
        review(
            url="https://factcheck.example.org/b",
            claimReviewed="The bridge was closed for good",
            reviewRating={"@type": "Rating", "alternateName": "Misleading"},
        ),
        review(url="https://factcheck.example.org/a", claimReviewed=touched_up),
    ]
    before, after = _ids(first_poll), _ids(second_poll)
    assert all(before[url] == after[url] for url in before)
    assert len(next(iter(before["https://factcheck.example.org/a"]))[1]) <= 60


@pytest.mark.parametrize(
    ("identifier", "incident_id"),
    [("PF 2024/123", "pf-2024-123"), (4512, "4512"), ({"@type": "PropertyValue", "value": "EX-9"}, "ex-9")],
)
def test_ids_from_identifier(identifier, incident_id):
    assert import_claimreview([review(identifier=identifier)]).incidents[0].id == incident_id


def test_slugify():
    assert slugify("Árvíztűrő Tükörfúrógép!") == "arvizturo-tukorfurogep"
    assert slugify("?") is None
    long = slugify("word " * 50)
    assert len(long) <= 100
    assert long == slugify("word " * 50)
    assert long != slugify("word " * 51)


# -- verdicts ---------------------------------------------------------------------------------------


def test_verdict_table_covers_every_verdict_on_a_one_to_five_scale():
    assert set(VERDICT_RATINGS) == set(Verdict)
    for verdict, (value, name) in VERDICT_RATINGS.items():
        assert 1 <= value <= 5
        assert name == verdict.label
        assert TEXTUAL_RATINGS[name.lower()] is verdict


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        ("False", Verdict.FALSE),
        ("Pants on Fire!", Verdict.FALSE),
        ("FAKE", Verdict.FALSE),
        ("Mostly False", Verdict.MISLEADING),
        ("Misleading", Verdict.MISLEADING),
        ("Missing context", Verdict.MISSING_CONTEXT),
        ("Mixture", Verdict.MISSING_CONTEXT),
        ("Half-True", Verdict.MISSING_CONTEXT),
        ("Unproven", Verdict.UNPROVEN),
        ("Unverified", Verdict.UNPROVEN),
        ("Contradicted by officials", Verdict.CONTRADICTED),
        ("Mostly true", Verdict.ACCURATE),
        ("TRUE", Verdict.ACCURATE),
        ("missing-context", Verdict.MISSING_CONTEXT),
        ("Engañoso", Verdict.MISLEADING),
    ],
)
def test_textual_ratings(text, verdict):
    assert verdict_from_rating(text) is verdict


@pytest.mark.parametrize(
    ("value", "best", "worst", "verdict"),
    [
        (1, None, None, Verdict.FALSE),
        (2, None, None, Verdict.MISLEADING),
        (3, None, None, Verdict.MISSING_CONTEXT),
        (4, None, None, Verdict.ACCURATE),
        (0, 10, 0, Verdict.FALSE),
        (10, 10, 0, Verdict.ACCURATE),
        (7, 5, 1, None),
        (1, 1, 1, None),
    ],
)
def test_numeric_ratings(value, best, worst, verdict):
    assert verdict_from_rating(None, value, best, worst) is verdict


def test_unknown_text_falls_back_on_rating_value_with_a_note():
    rating = {"alternateName": "Four out of four scallops", "ratingValue": 1}
    result = import_claimreview([review(reviewRating=rating)])
    assert result.incidents[0].claims[0].verdict is Verdict.FALSE
    [note] = result.notes
    assert note.location == "[0].reviewRating"
    assert "verdict 'false' from ratingValue 1" in note.message


# -- export and round trip -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def curated() -> KnowledgeBase:
    result = load_knowledge()
    assert result.ok
    return result.knowledge


def test_export_shape(curated):
    document = export_claimreview(curated, author="Alert Team", base_url="https://kb.example.org/incidents/")
    assert document["@context"] == "https://schema.org"
    graph = document["@graph"]
    assert len(graph) == sum(len(incident.claims) for incident in curated)
    item = next(
        entry
        for entry in graph
        if entry["identifier"] == "flint-juneteenth-parade-shooting--officer-broke-down-in-tears"
    )
    assert item["@type"] == "ClaimReview"
    assert (
        item["url"] == "https://kb.example.org/incidents/flint-juneteenth-parade-shooting#officer-broke-down-in-tears"
    )
    assert item["author"] == {"@type": "Organization", "name": "Alert Team"}
    assert item["headline"] == curated.get("flint-juneteenth-parade-shooting").title
    assert item["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 5,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "Accurate",
    }
    assert item["itemReviewed"] == {
        "@type": "Claim",
        "appearance": [{"@type": "CreativeWork", "url": "https://taphaps.com/law-enforcement-shoots-woman/"}],
        "datePublished": "2021-06-19",
    }
    assert "datePublished" not in item
    assert {
        "@type": "CreativeWork",
        "url": "https://news.yahoo.com/michigan-cop-breaks-down-tears-233025667.html",
    } in item["citation"]
    json.dumps(document)  # plain JSON types only


def test_review_body_attributes_official_statements(curated):
    graph = export_claimreview(curated, author="Alert Team")["@graph"]
    compton = next(entry for entry in graph if entry["identifier"].startswith("compton-chp-takeover-video--"))
    lines = compton["reviewBody"].split("\n")
    claim = curated.get("compton-chp-takeover-video").claims[0]
    assert lines[0] == claim.clarification
    assert (
        'California Highway Patrol (via KTLA): "The sergeant related no one shot at him, as he did not see any '
        'shots being fired."'
    ) in lines
    assert 'Sarah Welch, KTLA: "no shots fired at the CHP officer or his vehicle"' in lines


def test_export_never_invents_dates_or_urls(curated):
    graph = export_claimreview(curated, author="Alert Team")["@graph"]
    compton = next(entry for entry in graph if entry["identifier"].startswith("compton-chp-takeover-video--"))
    assert "url" not in compton
    assert "datePublished" not in compton
    assert "datePublished" not in compton["itemReviewed"]
    assert "appearance" not in compton["itemReviewed"]


def test_export_review_date_when_given(curated):
    graph = export_claimreview(curated, author="T", date_published=dt.date(2024, 1, 2))["@graph"]
    assert {entry["datePublished"] for entry in graph} == {"2024-01-02"}


def test_round_trip_keeps_claims_verdicts_and_links(curated, tmp_path):
    path = tmp_path / "export.jsonld"
    document = export_claimreview(curated, author="Alert Team", base_url="https://kb.example.org")
    path.write_text(json.dumps(document), encoding="utf-8")
    result = load_knowledge([path])
    assert (result.errors, result.notes) == ((), ())
    assert [incident.id for incident in result.knowledge] == [incident.id for incident in curated]
    for original in curated:
        imported = result.knowledge.get(original.id)
        assert imported.title == original.title
        assert imported.date == original.date
        assert [(c.id, c.text, c.verdict) for c in imported.claims] == [
            (c.id, c.text, c.verdict) for c in original.claims
        ]
        assert {(link.url, imported.link_claim(link).id) for link in imported.links} == {
            (link.url, original.link_claim(link).id) for link in original.links
        }
        assert {s.speaker for s in imported.statements} == {"Alert Team"}
