"""Call control against the in-process ARI fake: what the bot asks Asterisk to do, exactly."""

import pytest

from bot.asterisk.ari import AriClient
from bot.asterisk.call_control import AriOriginator
from tests.integration.fake_ari import FakeAri


@pytest.fixture
async def ari():
    fake = FakeAri()
    await fake.start()
    client = AriClient(f"http://127.0.0.1:{fake.port}", "clearcall", "secret", "clearcall")
    yield fake, client
    await client.aclose()
    await fake.stop()


async def test_originate_goes_through_the_gated_outbound_context(ari):
    fake, client = ari
    channel = await AriOriginator(client).originate("+821012345678", "survey_ko")
    [(method, path, params)] = fake.requests
    assert (method, path) == ("POST", "channels")
    assert params["endpoint"] == "Local/+821012345678@clearcall-outbound"
    assert params["app"] == "clearcall" and params["appArgs"] == "survey_ko,outbound,+821012345678"
    assert params["channelId"] == channel and channel.startswith("cc-out-")
