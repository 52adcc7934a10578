from bot.services.review_views import excerpt_of


def test_an_excerpt_keeps_short_text_and_cuts_long_text_with_an_ellipsis():
    assert excerpt_of("  man shoots at chp sergeant  ", 300) == "man shoots at chp sergeant"
    cut = excerpt_of("word " * 100, 20)
    assert len(cut) == 20
    assert cut.endswith("\u2026")


def test_an_excerpt_with_a_lone_surrogate_can_be_stored_as_utf8():
    excerpt = excerpt_of("chp \ud800 sergeant", 300)

    assert excerpt.encode("utf-8").decode("utf-8") == "chp ? sergeant"
