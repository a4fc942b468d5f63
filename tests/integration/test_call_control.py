"""Call control against the in-process ARI fake: what the bot asks Asterisk to do, exactly."""

import pytest

from bot.asterisk.ari import AriClient
from bot.asterisk.call_control import AriCallControl, AriOriginator
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


async def test_the_start_up_sweep_removes_only_what_a_previous_run_left(ari):
    fake, client = ari
    fake.on_request[("GET", "bridges")] = (200, [{"id": "cc-bridge-1"}, {"id": "someone-elses-bridge"}])
    fake.on_request[("GET", "channels")] = (
        200,
        [{"id": "cc-media-1"}, {"id": "caller-in-our-app"}, {"id": "caller-of-another-app"}],
    )
    fake.on_request[("GET", "applications/clearcall")] = (200, {"channel_ids": ["caller-in-our-app"]})
    control = AriCallControl(client, audiosocket=None, advertise="127.0.0.1:9093")  # type: ignore[arg-type]
    assert await control.sweep() == 3
    deleted = [path for method, path, _ in fake.requests if method == "DELETE"]
    assert deleted == ["bridges/cc-bridge-1", "channels/cc-media-1", "channels/caller-in-our-app"]


async def test_the_sweep_copes_with_an_application_asterisk_never_saw(ari):
    fake, client = ari
    fake.on_request[("GET", "channels")] = (200, [{"id": "cc-media-1"}, {"id": "a-caller"}])
    fake.on_request[("GET", "applications/clearcall")] = (404, {"message": "Application not found"})
    control = AriCallControl(client, audiosocket=None, advertise="127.0.0.1:9093")  # type: ignore[arg-type]
    assert await control.sweep() == 1
    assert [p for m, p, _ in fake.requests if m == "DELETE"] == ["channels/cc-media-1"]
