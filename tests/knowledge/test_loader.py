"""Loading incident files: every kind of bad file gives one precise error and the good files still load."""

import textwrap
from pathlib import Path

import pytest

from knowledge.base import KnowledgeBase
from knowledge.loader import Limits, LoadResult, knowledge_stats, load_knowledge
from knowledge.schema import Incident

GOOD = textwrap.dedent(
    """\
    # A test incident.
    id: {id}
    title: Sample incident
    summary: What happened, in a few words.
    location:
      city: Springfield
      region: Illinois
    verdict: false
    verdict_summary: Officials say otherwise.
    claims:
      - id: sample-claim
        text: Something false happened at the fair
        verdict: false
        clarification: It did not.
        phrasings:
          - the fair thing happened
        statements:
          - police-said
    statements:
      - id: police-said
        speaker: Springfield Police
        quote: It did not happen.
    sources:
      - url: https://news.example.com/story
    links:
      - url: https://social.example.com/posts/1
    """
)


def good(incident_id: str = "bad") -> str:
    return GOOD.format(id=incident_id)


def load_pair(tmp_path: Path, name: str, content: str | bytes, **kwargs) -> LoadResult:
    """Load a directory holding a good incident and one other file."""
    (tmp_path / "good-one.yaml").write_text(good("good-one"), encoding="utf-8")
    target = tmp_path / name
    if isinstance(content, bytes):
        target.write_bytes(content)
    else:
        target.write_text(content, encoding="utf-8")
    return load_knowledge([tmp_path], **kwargs)


def only_error(result: LoadResult, name: str = "bad.yaml"):
    assert len(result.errors) == 1, [str(error) for error in result.errors]
    assert "good-one" in result.knowledge, "the good file must still load"
    error = result.errors[0]
    assert error.path.name == name
    return error


def test_good_file_loads(tmp_path):
    result = load_pair(tmp_path, "bad.yaml", good())
    assert result.ok
    assert [incident.id for incident in result.knowledge] == ["bad", "good-one"]
    assert result.files == 2


def test_yaml_syntax_error_names_line_and_column(tmp_path):
    error = only_error(load_pair(tmp_path, "bad.yaml", good().replace("title: Sample incident", "title: [unclosed")))
    assert (error.location, error.line) == ("line 4, column 8", 4)
    assert error.message == (
        "invalid YAML: expected ',' or ']', but got ':' (while parsing a flow sequence at line 3, column 8)"
    )


def test_missing_field(tmp_path):
    error = only_error(load_pair(tmp_path, "bad.yaml", good().replace("summary: What happened, in a few words.\n", "")))
    assert (error.location, error.message) == ("summary", "Field required")


def test_wrong_enum_names_field_line_and_value(tmp_path):
    text = good().replace("    verdict: false", "    verdict: bogus")
    error = only_error(load_pair(tmp_path, "bad.yaml", text))
    assert error.location == "claims.0.verdict"
    assert error.line == 13
    assert error.message.startswith("Input should be 'false', 'misleading'")
    assert error.message.endswith("(got 'bogus')")
    assert str(error) == f"{tmp_path / 'bad.yaml'}: claims.0.verdict (line 13): {error.message}"


def test_bad_url(tmp_path):
    error = only_error(load_pair(tmp_path, "bad.yaml", good().replace("https://news.example.com/story", "not a url")))
    assert error.location == "sources.0.url"
    assert "valid URL" in error.message
    assert error.line == 24


def test_unknown_statement_reference(tmp_path):
    text = good().replace("      - police-said", "      - police-said\n      - mayor-said")
    error = only_error(load_pair(tmp_path, "bad.yaml", text))
    assert error.location == "claims.0.statements"
    assert error.message == "unknown statement id(s) mayor-said"
    assert error.line == 18


def test_duplicate_ids_within_a_file(tmp_path):
    duplicate = "  - id: police-said\n    speaker: Someone\n    quote: Again.\nsources:"
    error = only_error(load_pair(tmp_path, "bad.yaml", good().replace("sources:", duplicate, 1)))
    assert (error.location, error.message) == ("statements", "duplicate id police-said")


def test_duplicate_mapping_key(tmp_path):
    error = only_error(load_pair(tmp_path, "bad.yaml", good() + "title: Another title\n"))
    assert error.message == "duplicate key 'title'"
    assert error.line == 27


def test_unknown_field(tmp_path):
    text = good().replace("    clarification: It did not.", "    clarification: It did not.\n    sauce: tomato")
    error = only_error(load_pair(tmp_path, "bad.yaml", text))
    assert error.location == "claims.0.sauce"
    assert error.message == "Extra inputs are not permitted (got 'tomato')"


def test_top_level_list(tmp_path):
    error = only_error(load_pair(tmp_path, "bad.yaml", "- id: bad\n- title: x\n"))
    assert error.message == "expected a mapping of incident fields at the top level, got a list"


@pytest.mark.parametrize("content", ["", "\n\n", "# only a comment\n"])
def test_empty_file(tmp_path, content):
    error = only_error(load_pair(tmp_path, "bad.yaml", content))
    assert error.message.startswith("empty file")


def test_non_utf8_file(tmp_path):
    error = only_error(load_pair(tmp_path, "bad.yaml", good().encode("utf-8").replace(b"Sample", b"Sampl\xe9")))
    assert error.message == "not UTF-8 text: byte 0xe9 at offset 39"


def test_utf8_byte_order_mark_is_accepted(tmp_path):
    assert load_pair(tmp_path, "bad.yaml", b"\xef\xbb\xbf" + good().encode()).ok


def test_oversized_file(tmp_path):
    padding = "# " + "x" * 100 + "\n"
    error = only_error(load_pair(tmp_path, "bad.yaml", good() + padding * 100, limits=Limits(incident_bytes=8000)))
    assert error.message == "file is larger than the 8000 bytes limit"


def test_default_incident_cap_is_five_mib():
    assert Limits().incident_bytes == 5 * 1024 * 1024
    assert Limits().claimreview_bytes > Limits().incident_bytes


def test_alias_bomb_is_rejected(tmp_path):
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)]
    error = only_error(load_pair(tmp_path, "bad.yaml", "\n".join(lines) + "\n"))
    assert "once YAML aliases are expanded" in error.message


def test_recursive_alias_is_rejected(tmp_path):
    error = only_error(load_pair(tmp_path, "bad.yaml", "id: &loop [*loop]\n"))
    assert error.message == "recursive YAML alias"


def test_deep_nesting_is_rejected(tmp_path):
    error = only_error(load_pair(tmp_path, "bad.yaml", "id: " + "[" * 1_000_000))
    assert error.message == "invalid YAML: nested more than 100 levels deep"


def test_deep_block_nesting_is_rejected(tmp_path):
    text = "".join(f"{' ' * level}k{level}:\n" for level in range(1000))
    error = only_error(load_pair(tmp_path, "bad.yaml", text))
    assert error.message == "invalid YAML: nested too deeply"


def test_python_tags_are_not_executed(tmp_path):
    error = only_error(load_pair(tmp_path, "bad.yaml", "id: !!python/object/apply:os.getcwd []\n"))
    assert error.location == "line 1, column 5"
    assert "could not determine a constructor" in error.message


def test_several_documents_in_one_file(tmp_path):
    error = only_error(load_pair(tmp_path, "bad.yaml", good() + "---\n" + good()))
    assert "expected a single document" in error.message


def test_file_name_must_match_id(tmp_path):
    error = only_error(load_pair(tmp_path, "bad.yaml", good("another-name")))
    assert error.location == "id"
    assert error.line == 2
    assert error.message == (
        "incident id 'another-name' does not match the file name 'bad.yaml': the file should be named another-name.yaml"
    )


def test_duplicate_ids_across_files_reject_the_later_one(tmp_path):
    for folder in ("first", "second"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "same-id.yaml").write_text(good("same-id"), encoding="utf-8")
    result = load_knowledge([tmp_path / "first", tmp_path / "second"])
    assert len(result.knowledge) == 1
    [error] = result.errors
    assert error.path == tmp_path / "second" / "same-id.yaml"
    assert str(tmp_path / "first" / "same-id.yaml") in error.message
    assert error.location == "id"


def test_yml_and_yaml_with_the_same_id(tmp_path):
    (tmp_path / "same-id.yaml").write_text(good("same-id"), encoding="utf-8")
    (tmp_path / "same-id.yml").write_text(good("same-id"), encoding="utf-8")
    result = load_knowledge([tmp_path])
    assert [error.path.name for error in result.errors] == ["same-id.yml"]


def test_missing_path_is_an_error_not_an_exception(tmp_path):
    result = load_knowledge([tmp_path / "nowhere", tmp_path])
    [error] = result.errors
    assert (error.path, error.message) == (tmp_path / "nowhere", "no such file or directory")


def test_directory_skips_other_and_hidden_files(tmp_path):
    (tmp_path / "README.md").write_text("notes", encoding="utf-8")
    (tmp_path / ".draft.yaml").write_text("broken: [", encoding="utf-8")
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "inner.yaml").write_text("broken: [", encoding="utf-8")
    result = load_pair(tmp_path, "bad.yaml", good())
    assert result.ok
    assert result.files == 2


def test_explicit_file_of_unknown_kind_is_an_error(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello", encoding="utf-8")
    [error] = load_knowledge([path]).errors
    assert error.message.startswith("not a knowledge file")


def test_same_file_given_twice_loads_once(tmp_path):
    (tmp_path / "good-one.yaml").write_text(good("good-one"), encoding="utf-8")
    result = load_knowledge([tmp_path, tmp_path / "good-one.yaml"])
    assert result.ok
    assert result.files == 1


def test_explicit_files_load_in_given_order(tmp_path):
    for name in ("zeta", "alpha"):
        (tmp_path / f"{name}.yaml").write_text(good(name), encoding="utf-8")
    result = load_knowledge([tmp_path / "zeta.yaml", tmp_path / "alpha.yaml"])
    assert [incident.id for incident in result.knowledge] == ["zeta", "alpha"]


def test_empty_path_list_loads_nothing():
    result = load_knowledge([])
    assert (len(result.knowledge), result.errors, result.files) == (0, (), 0)


def test_several_problems_in_one_file_are_all_reported(tmp_path):
    text = good().replace("verdict: false", "verdict: bogus").replace("title: Sample incident\n", "")
    result = load_pair(tmp_path, "bad.yaml", text)
    assert sorted(error.location for error in result.errors) == ["claims.0.verdict", "title", "verdict"]


def test_knowledge_stats(tmp_path):
    (tmp_path / "good-one.yaml").write_text(good("good-one"), encoding="utf-8")
    knowledge = load_knowledge([tmp_path]).knowledge
    stats = knowledge_stats(knowledge)
    assert stats == {
        "incidents": 1,
        "claims": 1,
        "statements": 1,
        "links": 1,
        "phrasings": 1,
        "examples": 0,
        "by_verdict": {
            "false": 1,
            "misleading": 0,
            "contradicted": 0,
            "missing-context": 0,
            "unproven": 0,
            "accurate": 0,
        },
    }


def test_knowledge_stats_of_empty_knowledge():
    assert knowledge_stats(KnowledgeBase.of([]))["claims"] == 0


def test_loaded_incidents_are_schema_objects(tmp_path):
    (tmp_path / "good-one.yaml").write_text(good("good-one"), encoding="utf-8")
    incident = load_knowledge([tmp_path]).knowledge.get("good-one")
    assert isinstance(incident, Incident)
    assert incident.claims[0].phrasings == ("the fair thing happened",)
