"""The bot's own listening phrases can be heard: Vosk silently drops a grammar word that is not in the
model's vocabulary, so a phrase with one would never be recognised (the real Korean model)."""

from pathlib import Path

from bot.compliance.legal_texts import recording_answers
from bot.speech.models import find_model, load_model, missing_words


def test_recording_consent_answers_are_in_the_korean_vocabulary(tmp_path: Path) -> None:
    model = load_model(find_model("ko", tmp_path))
    phrases = [phrase for options in recording_answers("ko").values() for phrase in options]
    assert missing_words(model, phrases) == []
