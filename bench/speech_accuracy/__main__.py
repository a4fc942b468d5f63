"""`python -m bench.speech_accuracy`: see the package's docstring (`--help` prints it)."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import bench.speech_accuracy as package
from bench.speech_accuracy.corpus import PARTS, load_corpus
from bench.speech_accuracy.report import Report, Trial
from bench.speech_accuracy.voices import VOICE_SETS, pick_voices


def main(argv: Iterable[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.speech_accuracy",
        description=package.__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--flow", default="survey_ko")
    parser.add_argument("--offline", action="store_true", help="no Asterisk: G.711 imitated in-process")
    parser.add_argument(
        "--voices",
        default="",
        help=f"voice sets ({', '.join(VOICE_SETS)}) or VOICE@RATE[/pPITCH], comma-separated;"
        " default: phone (4 voices) on the phone path, all offline",
    )
    parser.add_argument("--parts", default="dev,heldout", help=f"corpus parts ({', '.join(PARTS)})")
    parser.add_argument("--states", default="", help="only these states (comma-separated)")
    parser.add_argument(
        "--concurrency", type=int, default=4, help="turns recognised (offline) or calls at once"
    )
    parser.add_argument(
        "--hold", type=float, default=8.0, help="phone path: seconds after the words a call waits for the bot"
    )
    parser.add_argument("--json", type=Path, help="write every trial here")
    parser.add_argument("--failures", action="store_true", help="list every wrong decision")
    args = parser.parse_args(list(argv) if argv is not None else None)
    corpus = load_corpus(args.flow, tuple(p for p in args.parts.split(",") if p))
    if args.states:
        corpus = [u for u in corpus if u.state in args.states.split(",")]
    voices = pick_voices(args.voices or ("all" if args.offline else "phone"))
    print(
        f"flow {args.flow}, {'offline' if args.offline else 'phone path'}: {len(corpus)} utterances x "
        f"{len(voices)} voices = {len(corpus) * len(voices)} trials"
    )
    print("voices: " + ", ".join(v.name for v in voices))
    started = time.perf_counter()
    if args.offline:
        from bench.speech_accuracy.offline import run_offline

        trials = asyncio.run(run_offline(args.flow, voices, corpus, args.concurrency))
    else:
        from bench.speech_accuracy.phone import run_phone

        trials = asyncio.run(run_phone(args.flow, voices, corpus, args.concurrency, args.hold))
    report = Report(trials)
    report.print()
    print(f"\n{len(trials)} trials in {time.perf_counter() - started:.0f} s")
    if args.failures:
        print("\nwrong decisions:")
        for line in report.failures():
            print(f"  {line}")
    if args.json:
        args.json.write_text(
            json.dumps([_trial_json(t) for t in trials], ensure_ascii=False, indent=1), encoding="utf-8"
        )


def _trial_json(t: Trial) -> dict[str, Any]:
    return dataclasses.asdict(t.utterance) | {
        "voice": t.voice,
        "heard": t.heard,
        "texts": t.texts,
        "detail": t.detail,
    }


if __name__ == "__main__":
    main()
