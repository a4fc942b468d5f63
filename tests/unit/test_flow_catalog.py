"""Start-up: flows are loaded with their models; a broken flow or a broken model stops the bot clearly."""

import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from bot.app.flow_catalog import build_catalog
from bot.flow.errors import FlowError
from bot.speech.models import ModelError

FLOWS = Path(__file__).resolve().parents[2] / "flows"


def test_missing_models_leave_a_plain_note_and_disable_listening_flows(tmp_path):
    flows = tmp_path / "flows"
    flows.mkdir()
    shutil.copy(FLOWS / "opening_only.yaml", flows)
    shutil.copy(FLOWS / "sales_followup_en.yaml", flows)
    catalog = build_catalog(flows, tmp_path / "models")
    assert set(catalog.plans) == {"opening_only"}  # no listening: runs with the keypad opt-out
    assert catalog.plans["opening_only"].recognizer is None
    assert any("no Vosk model for language 'en'" in note for note in catalog.notes)
    assert catalog.disabled == {
        "sales_followup_en": "it listens and there is no en model (clearcall models install en)"
    }
    assert any("sales_followup_en is off: it listens" in note for note in catalog.notes)


class _Call:
    """The part of a CallHandle an unavailable flow uses."""

    call_id = "c1"

    def __init__(self) -> None:
        self.did: list[tuple] = []

    async def say(self, text, voice, rate=None):
        self.did.append(("say", text, voice))

    async def hangup(self):
        self.did.append(("hangup",))


@pytest.mark.parametrize(
    ("flow", "why"),
    [
        ("sales_followup_en", "it listens and there is no en model"),
        ("no_such_flow", "no flow named 'no_such_flow' under flows/"),
    ],
)
async def test_a_call_to_a_flow_that_cannot_run_hears_a_notice_and_the_log_says_why(
    tmp_path, caplog, flow, why
):
    flows = tmp_path / "flows"
    flows.mkdir()
    shutil.copy(FLOWS / "sales_followup_en.yaml", flows)
    catalog = build_catalog(flows, tmp_path / "models")
    script = catalog.script_for(webhooks=None)(SimpleNamespace(flow=flow))
    call = _Call()
    await script.run(call)
    assert call.did == [("say", "Sorry, this line is not available. Goodbye.", "en-us"), ("hangup",)]
    assert script.outcome.end_state == "flow_unavailable"
    assert f"flow {flow!r} is not available: {why}" in caplog.text


def test_a_corrupt_model_stops_start_up_with_its_path(tmp_path):
    flows = tmp_path / "flows"
    flows.mkdir()
    shutil.copy(FLOWS / "opening_only.yaml", flows)
    broken = tmp_path / "models" / "en"
    (broken / "conf").mkdir(parents=True)
    (broken / "conf" / "model.conf").write_text("--beam=10\n")
    with pytest.raises(ModelError, match=r"models/en is incomplete .*am/final.mdl"):
        build_catalog(flows, tmp_path / "models")


def test_a_broken_flow_stops_start_up_with_file_and_line(tmp_path):
    flows = tmp_path / "flows"
    flows.mkdir()
    (flows / "bad.yaml").write_text(
        (FLOWS / "opening_only.yaml").read_text().replace("  goodbye:", "  goodby:", 1)
    )
    with pytest.raises(FlowError, match=r"bad\.yaml:\d+:\d+: "):
        build_catalog(flows, tmp_path / "models")
