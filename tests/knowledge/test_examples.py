"""Labelled example messages: read line by line, bad lines reported and skipped, loaded with the knowledge."""

import json
from pathlib import Path

import pytest

from knowledge import examples as examples_module
from knowledge.examples import examples_beside, examples_of, read_examples
from knowledge.loader import load_knowledge

INCIDENTS = Path(__file__).resolve().parents[2] / "knowledge" / "incidents"


def _line(**fields: object) -> str:
    return json.dumps({"id": "x", "text": "he shot at the cop", "label": "misinfo", "incident": "a"} | fields)


def test_good_lines_are_read_and_bad_ones_reported_by_line(tmp_path: Path):
    path = tmp_path / "set.jsonl"
    lines = [_line(id="1"), "{not json", "", _line(id="3", label="related", incident=None), _line(id="4")]
    path.write_text("\n".join(lines), encoding="utf-8")

    examples, errors = read_examples(path)

    assert [example.id for example in examples] == ["1", "4"]
    assert [error.line for error in errors] == [2, 4]
    assert "names its incident" in errors[1].message


def test_an_unrelated_example_needs_no_incident(tmp_path: Path):
    path = tmp_path / "set.jsonl"
    path.write_text(_line(label="unrelated", incident=None), encoding="utf-8")

    examples, errors = read_examples(path)

    assert (len(examples), errors) == (1, [])


def test_an_oversized_or_unreadable_file_is_refused_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "set.jsonl"
    path.write_text(_line() + "\n" + _line(), encoding="utf-8")
    monkeypatch.setattr(examples_module, "MAX_EXAMPLE_BYTES", 10)
    assert read_examples(path)[0] == []
    assert "not read" in read_examples(path)[1][0].message
    monkeypatch.undo()
    path.write_bytes(b"\xff\xfe\x00bad")
    assert "cannot read" in read_examples(path)[1][0].message


def test_a_folder_without_examples_has_none(tmp_path: Path):
    assert examples_beside(tmp_path) == ([], [])


def test_the_packaged_knowledge_loads_its_examples():
    result = load_knowledge()

    assert result.ok
    assert len(result.knowledge.examples) > 3000
    assert {example.incident for example in result.knowledge.examples if example.label == "misinfo"} == {
        incident.id for incident in result.knowledge
    }


def test_examples_about_incidents_not_loaded_are_left_out_with_a_note(tmp_path: Path):
    (tmp_path / "compton-chp-takeover-video.yaml").write_text(
        (INCIDENTS / "compton-chp-takeover-video.yaml").read_text()
    )
    (tmp_path / "examples").mkdir()
    lines = [_line(id="1", incident="compton-chp-takeover-video"), _line(id="2", incident="elsewhere"), "[1]"]
    (tmp_path / "examples" / "set.jsonl").write_text("\n".join(lines), encoding="utf-8")

    result = load_knowledge([tmp_path])

    assert [example.id for example in result.knowledge.examples] == ["1"]
    assert [error.line for error in result.errors] == [3]
    assert any("1 example(s) about incidents not loaded" in note.message for note in result.notes)


def test_the_knowledge_labels_its_own_wordings_and_record():
    incident = load_knowledge().knowledge.get("compton-chp-takeover-video")

    own = examples_of(incident)

    claim = incident.claims[0]
    said = {example.text: example.label for example in own}
    assert said[claim.text] == ("misinfo" if claim.verdict.actionable else "related")
    assert all(said[text] == "related" for text in claim.contradictions)
    assert all(said[statement.quote] == "related" for statement in incident.statements)
    assert {example.incident for example in own} == {incident.id}
