"""Start-up: flows are loaded with their models; a broken flow or a broken model stops the bot clearly."""

import shutil
from pathlib import Path

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
    assert any("sales_followup_en listens but has no en model" in note for note in catalog.notes)


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
