"""`clearcall phone-info` lists the extensions that can take calls here and says why the others are off."""

import dataclasses
import shutil
from pathlib import Path

from bot.app.phone_info import render
from bot.app.settings import Settings

PROJECT = Path(__file__).resolve().parents[2]


def test_phone_info_lists_runnable_extensions_and_why_the_others_are_off(tmp_path):
    home = tmp_path / "home"
    shutil.copytree(PROJECT / "flows", home / "flows")
    shutil.copytree(PROJECT / "dialplans", home / "dialplans")
    settings = dataclasses.replace(Settings.load(home, env={}), data_dir=tmp_path / "data")
    text = render(settings)  # no models at all in data/models (ko may come from its PyPI package)
    dial, _, off = text.partition("off on this machine")
    assert "900   opening_only (en)" in dial  # listens to nothing: runs without a model
    assert "100" not in dial and "300" not in dial
    assert "100   sales_followup_en: it listens and there is no en model" in off
    assert "300   sales_followup_zh: it listens and there is no zh model" in off
