from bot.services import Services
from bot.services.render import render_factcheck

CLAIM = "is it true a man shot at a CHP sergeant at the Compton street takeover?"


async def test_a_known_claim_is_found_with_its_card(services: Services) -> None:
    result = await services.factcheck.check(CLAIM, guild_id=10)
    assert result.found
    card = result.cards[0]
    assert card.incident_id == "compton-chp-takeover-video"
    assert card.verdict_label == "Misleading"
    assert card.statements
    text = render_factcheck(result)
    assert "The sergeant related no one shot at him" in text
    assert "https://thenerdstash.com/?p=720768" in text


async def test_nothing_known(services: Services) -> None:
    result = await services.factcheck.check("the moon landing was filmed in a studio")
    assert not result.found
    assert "Nothing in the knowledge base matches this" in render_factcheck(result)


async def test_unknown_links_are_listed(services: Services) -> None:
    result = await services.factcheck.check("what about https://example.org/some-story")
    assert not result.found
    assert result.unknown_links
    assert "Links not in the knowledge base" in render_factcheck(result)


async def test_accurate_claims_are_shown_when_asked(services: Services) -> None:
    """Unasked, the bot stays silent on accurate claims; asked, it shows them with their verdict."""
    result = await services.factcheck.check(
        "Michigan cop breaks down in tears after shooting woman who shot at him at the Juneteenth parade"
    )
    assert result.found
    card = result.cards[0]
    assert card.claim_id == "officer-broke-down-in-tears"
    assert card.verdict_label == "Accurate"
    assert render_factcheck(result).startswith("[")
