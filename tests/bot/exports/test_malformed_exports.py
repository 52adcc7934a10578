"""A malformed export gets one sentence naming what is wrong, never a traceback."""

import copy
import json
import os
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.exports import ExportError, read_export
from tests.bot.exports.helpers import (
    CLAIM,
    dce_document,
    dce_message,
    slack_files,
    write_json,
    write_slack_folder,
    write_slack_zip,
)


def one_sentence(error: ExportError) -> str:
    text = str(error)
    assert "\n" not in text and "Traceback" not in text, text
    assert text.endswith("."), text
    assert len(text) < 300, text
    return text


def dce_with(change) -> dict:
    document = dce_document([dce_message("11", CLAIM), dce_message("12", CLAIM)])
    change(document)
    return document


def _set(path, value):
    def change(document):
        target = document
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def _delete(path):
    def change(document):
        target = document
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return change


DCE_CASES = {
    "no messages": (_delete(["messages"]), 'an object without "messages"'),
    "messages not a list": (_set(["messages"], {"a": 1}), '"messages" is an object, not a list'),
    "guild missing": (_delete(["guild"]), '"guild" is null, not an object'),
    "channel a string": (_set(["channel"], "general"), '"channel" is a string, not an object'),
    "channel without id": (_delete(["channel", "id"]), '"channel" has no "id"'),
    "message a number": (_set(["messages", 1], 5), "message #2 is a number, not an object"),
    "message without id": (_delete(["messages", 0, "id"]), 'message #1 has no "id"'),
    "message id empty": (_set(["messages", 0, "id"], ""), 'message #1 has an empty string as "id"'),
    "message id a boolean": (_set(["messages", 0, "id"], True), 'message #1 has a boolean as "id"'),
    "no timestamp": (_delete(["messages", 1, "timestamp"]), 'message #2 (id 12) has no "timestamp"'),
    "bad timestamp": (_set(["messages", 1, "timestamp"], "yesterday"), "invalid \"timestamp\": 'yesterday'"),
    "numeric timestamp": (_set(["messages", 1, "timestamp"], 1700000000), 'a number as "timestamp"'),
    "no author": (_delete(["messages", 0, "author"]), 'message #1 (id 11) has no "author"'),
    "author a list": (_set(["messages", 0, "author"], []), '"author" is a list, not an object'),
    "author without id": (_delete(["messages", 0, "author", "id"]), '"author" has no "id"'),
    "content a number": (_set(["messages", 0, "content"], 42), 'a number as "content", not text'),
    "isBot a string": (_set(["messages", 0, "author", "isBot"], "yes"), '"isBot" that is not true or false'),
}


@pytest.mark.parametrize("case", DCE_CASES)
def test_malformed_discordchatexporter_exports(tmp_path, case):
    change, expected = DCE_CASES[case]
    path = write_json(tmp_path / "export.json", dce_with(change))
    with pytest.raises(ExportError) as caught:
        read_export(path)
    assert expected in one_sentence(caught.value)


RAW_CASES = {
    b"": "export.json is empty.",
    b"   \n": "export.json is empty.",
    b"\xff\xfe{}": "export.json is not UTF-8 text",
    b'{"guild": {"id": "1"},': "export.json is not valid JSON (Expecting property name enclosed in double quotes",
    b"[1, 2, 3]": "export.json is a JSON list, not a DiscordChatExporter export",
    b'"hello"': 'export.json is not a DiscordChatExporter export: it is a string without "messages".',
    b'{"guild": {}, "channel": {}}': 'export.json is not a DiscordChatExporter export: it is an object without "mes',
    b"[" * 100_000 + b"]" * 100_000: "export.json nests JSON too deeply",
    b"PK\x03\x04 not really a zip": "export.json is not a readable zip archive (it may be cut short).",
}


@pytest.mark.parametrize("data", RAW_CASES, ids=range(len(RAW_CASES)))
def test_files_that_are_not_exports(tmp_path, data):
    path = tmp_path / "export.json"
    path.write_bytes(data)
    with pytest.raises(ExportError) as caught:
        read_export(path)
    assert RAW_CASES[data] in one_sentence(caught.value)


def test_a_missing_file(tmp_path):
    with pytest.raises(ExportError) as caught:
        read_export(tmp_path / "nope.json")
    assert one_sentence(caught.value).endswith("nope.json does not exist.")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file(tmp_path):
    path = write_json(tmp_path / "export.json", dce_with(lambda d: None))
    path.chmod(0)
    with pytest.raises(ExportError) as caught:
        read_export(path)
    assert "permission denied" in one_sentence(caught.value)


def test_an_empty_folder(tmp_path):
    with pytest.raises(ExportError) as caught:
        read_export(tmp_path)
    assert "neither channels.json (a Slack export) nor DiscordChatExporter JSON files" in one_sentence(caught.value)


def test_a_folder_with_one_bad_file_names_it(tmp_path):
    write_json(tmp_path / "a.json", dce_with(lambda d: None))
    (tmp_path / "b.json").write_text("{", encoding="utf-8")
    with pytest.raises(ExportError) as caught:
        read_export(tmp_path)
    assert one_sentence(caught.value).startswith("b.json is not valid JSON")


def _slack(change):
    files = slack_files()
    change(files)
    return files


SLACK_CASES = {
    "no channels.json": (lambda f: f.pop("channels.json"), "has no channels.json, so it is not a Slack export"),
    "channels.json an object": (lambda f: f.update({"channels.json": {}}), "channels.json is an object, not a list"),
    "channels.json broken": (lambda f: f.update({"channels.json": "x"}), "channels.json is a string, not a list"),
    "channel without id": (lambda f: f["channels.json"][1].pop("id"), 'channels.json: conversation #2 has no "id"'),
    "channel without name": (lambda f: f["channels.json"][0].pop("name"), 'conversation #1 has no "name"'),
    "folder escaping": (lambda f: f["channels.json"][0].update(name="../x"), "which is not a folder name"),
    "users a number": (lambda f: f.update({"users.json": 3}), "users.json is a number, not a list"),
    "day not a list": (lambda f: f.update({"general/2026-11-20.json": {}}), "general/2026-11-20.json is an object"),
    "message without ts": (lambda f: f["general/2026-11-21.json"][1].pop("ts"), 'message #2 has no "ts"'),
    "ts not a time": (lambda f: f["general/2026-11-21.json"][1].update(ts="soon"), "which is not a Slack timestamp"),
    "ts far away": (lambda f: f["general/2026-11-21.json"][1].update(ts="999999999999.9"), "outside the range"),
    "ts a number": (lambda f: f["general/2026-11-21.json"][1].update(ts=1.5), 'a number as "ts", not text'),
    "text a list": (lambda f: f["random/2026-11-22.json"][0].update(text=[]), 'a list as "text", not text'),
}


@pytest.mark.parametrize("case", SLACK_CASES)
@pytest.mark.parametrize("packed", ["folder", "zip"])
def test_malformed_slack_exports(tmp_path, case, packed):
    change, expected = SLACK_CASES[case]
    files = _slack(change)
    if packed == "folder":
        path = write_slack_folder(tmp_path / "slack", files)
    else:
        path = write_slack_zip(tmp_path / "slack.zip", files)
    with pytest.raises(ExportError) as caught:
        read_export(path)
    assert expected in one_sentence(caught.value)


def test_a_broken_day_file_in_a_slack_folder(tmp_path):
    path = write_slack_folder(tmp_path / "slack")
    (path / "general" / "2026-11-21.json").write_text("[{]", encoding="utf-8")
    with pytest.raises(ExportError) as caught:
        read_export(path)
    assert one_sentence(caught.value).startswith("general/2026-11-21.json is not valid JSON")


def test_a_zip_that_is_not_a_slack_export(tmp_path):
    path = tmp_path / "photos.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("cat.jpg", b"\xff\xd8")
    with pytest.raises(ExportError) as caught:
        read_export(path)
    assert one_sentence(caught.value) == "photos.zip has no channels.json, so it is not a Slack export."


def test_a_zip_with_a_corrupt_member(tmp_path):
    path = tmp_path / "corrupt.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        for name, document in slack_files().items():
            archive.writestr(name, json.dumps(document))
    data = bytearray(path.read_bytes())
    start = data.index(b'[{"id": "C0001"')
    data[start + 2 : start + 6] = b"XXXX"  # the CRC no longer matches
    path.write_bytes(bytes(data))
    with pytest.raises(ExportError) as caught:
        read_export(path)
    assert one_sentence(caught.value).startswith("channels.json cannot be unpacked from the zip archive (Bad CRC-32")


def test_a_zip_cut_short(tmp_path):
    good = write_slack_zip(tmp_path / "good.zip").read_bytes()
    path = tmp_path / "cut.zip"
    path.write_bytes(good[: len(good) // 2])
    with pytest.raises(ExportError) as caught:
        read_export(path)
    assert one_sentence(caught.value) == "cut.zip is not a readable zip archive (it may be cut short)."


def test_a_zip_declaring_a_huge_member_is_refused_before_unpacking(tmp_path, monkeypatch):
    monkeypatch.setattr("bot.exports._trees.MAX_FILE_BYTES", 100)
    with pytest.raises(ExportError) as caught:
        read_export(write_slack_zip(tmp_path / "big.zip"))
    assert "larger than" in one_sentence(caught.value)


# Fuzzing: any change to a valid export reads, or fails with one sentence. -------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=6,
)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, (*prefix, index))


def _mutate(document, path, value, delete):
    if not path:
        return value
    target = document
    for key in path[:-1]:
        target = target[key]
    if delete and isinstance(target, dict):
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return document


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), value=JSON_VALUES, delete=st.booleans())
def test_fuzzed_discordchatexporter_exports(tmp_path, data, value, delete):
    document = dce_document([dce_message("11", CLAIM), dce_message("12", "hello")])
    path = data.draw(st.sampled_from(list(_paths(document))))
    mutated = _mutate(copy.deepcopy(document), path, value, delete)
    target = tmp_path / "fuzz.json"
    target.write_text(json.dumps(mutated), encoding="utf-8")
    try:
        read_export(target)
    except ExportError as error:
        one_sentence(error)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), value=JSON_VALUES, delete=st.booleans())
def test_fuzzed_slack_exports(tmp_path, data, value, delete):
    files = slack_files()
    name = data.draw(st.sampled_from(sorted(files)))
    path = data.draw(st.sampled_from(list(_paths(files[name]))))
    files[name] = _mutate(copy.deepcopy(files[name]), path, value, delete)
    archive = write_slack_zip(tmp_path / "fuzz.zip", files)
    try:
        read_export(archive)
    except ExportError as error:
        one_sentence(error)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(min_value=0, max_value=10_000), junk=st.binary(max_size=8))
def test_truncated_or_corrupted_files(tmp_path, cut, junk):
    data = json.dumps(dce_document([dce_message("11", CLAIM)])).encode()
    target = tmp_path / "cut.json"
    target.write_bytes(data[: cut % len(data)] + junk)
    try:
        read_export(target)
    except ExportError as error:
        one_sentence(error)
