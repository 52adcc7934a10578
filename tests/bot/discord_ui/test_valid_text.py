import pytest

from bot.discord_ui.events import valid_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain", "plain"),
        ("emoji 😀 and ZWJ 👨\u200d👩\u200d👧", "emoji 😀 and ZWJ 👨\u200d👩\u200d👧"),
        ("lone \udbb1 surrogate", "lone ? surrogate"),
        ("\ud83d\ude00 as two halves", "?? as two halves"),
    ],
)
def test_valid_text_keeps_unicode_and_replaces_lone_surrogates(text, expected):
    result = valid_text(text)

    assert result == expected
    result.encode("utf-8")
