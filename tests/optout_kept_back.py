"""Write bot/compliance/optout_corpus/kept_back.sha256: the hashes of the kept-back corpora's utterances.

    .venv/bin/python -m tests.optout_kept_back

The learned opt-out model never trains on these (bot/compliance/optout_model.py). Run it after adding a
corpus to tests/fixtures/optout/; tests/unit/test_optout_model.py checks that the file is up to date.
"""

from __future__ import annotations

from pathlib import Path

from bot.compliance.optout_corpus import load
from bot.compliance.optout_model import KEPT_BACK, hashed

KEPT_BACK_DIR = Path(__file__).resolve().parent / "fixtures" / "optout"


def kept_back_hashes() -> list[str]:
    return sorted(
        {
            hashed(text)
            for path in KEPT_BACK_DIR.glob("*.yaml")
            for kinds in load(path).values()
            for texts in kinds.values()
            for text in texts
        }
    )


if __name__ == "__main__":
    KEPT_BACK.write_text("".join(f"{h}\n" for h in kept_back_hashes()), encoding="ascii")
    print(f"{KEPT_BACK}: {len(kept_back_hashes())} hashes")
