"""Capacity on the wire: python -m bench.load --calls 10,20,30 [--rate 10] [--optout-share 0.2] ...

See bench/load/__init__.py for what is measured and how.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import os
import shutil
import sys
import time
from pathlib import Path

from bench.load import callers
from bench.load.analyse import Expect, analyse, bot_records
from bench.load.priority import step_back
from bench.load.prompts import render_prompts
from bench.load.report import details, summarise, table, write_csv
from bench.load.run import RunConfig, load_result, password, run_load, run_prefix
from bench.load.wire import read_capture

PROJECT = Path(__file__).resolve().parents[2]


def expectations(flow, answer: str) -> Expect:
    """The flow's first question, and the prompt that answers `answer` to it (its closing or next say)."""
    start = flow.start
    state = flow.states[start]
    if state.listen is None:
        raise SystemExit(f"flow {flow.name}: its first state {start!r} does not listen")
    for intent, phrases in state.listen.intents.items():
        if answer in phrases:
            handler = (state.on or {})[intent]
            if handler.say:
                reply = f"{start}.{intent}.say"
            elif handler.end:
                reply = f"{start}.{intent}.end"
            else:
                reply = handler.goto or ""
            return Expect(question=start, replies=(("answer", reply), ("optout", "optout_goodbye")))
    raise SystemExit(f"{answer!r} is not one of the phrases of {start!r}: {dict(state.listen.intents)}")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python -m bench.load", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--calls", default="1,10", help="comma-separated N values, one run each (default 1,10)")
    p.add_argument("--rate", type=float, default=10.0, help="calls started per second (default 10)")
    p.add_argument("--optout-share", type=float, default=0.2, help="share of callers who opt out (0.2)")
    p.add_argument("--home", type=Path, default=PROJECT, help="the bot's --home: flows/, .local/secrets.env")
    p.add_argument("--out", type=Path, help="folder for pcaps, CSVs, logs (default .local/bench/load-TIME)")
    p.add_argument("--exten", default="200", help="extension dialled (default 200: the Korean survey)")
    p.add_argument("--flow", default="survey_ko", help="the flow behind the extension (default survey_ko)")
    p.add_argument("--answer", default="네", help="what answering callers say after the question")
    p.add_argument("--optout-phrase", default="전화 하지 마세요", help="what opting-out callers say")
    p.add_argument(
        "--margin", type=float, default=1.5, help="seconds between the question's rendered end and the words"
    )
    p.add_argument("--asterisk-rtp", default="16000-16999", help="Asterisk's rtp.conf port range")
    p.add_argument("--call-timeout", type=float, default=120.0, help="seconds before a caller gives up")
    p.add_argument(
        "--quiet-below",
        type=float,
        default=25.0,
        help="before each N, wait until other work uses less than this %% of a core (default 25)",
    )
    p.add_argument(
        "--quiet-wait", type=float, default=600.0, help="wait at most this long for that, seconds (0: never)"
    )
    p.add_argument(
        "--compare",
        action="append",
        default=[],
        metavar="LABEL=CHECKOUT",
        help="also run the bot of another checkout (e.g. base=../main) at every N, right after this one's;"
        " rows are labelled (this checkout: 'this')",
    )
    p.add_argument(
        "--callers-nice",
        type=int,
        default=19,
        help="the callers' and the bench's CPU priority, below the bot's and Asterisk's (19; 0: the same)",
    )
    p.add_argument("--reanalyse", type=Path, help="analyse the runs in this folder again; place no calls")
    return p.parse_args(argv)


def parse_checkouts(specs: list[str]) -> dict[str, Path]:
    """--compare LABEL=CHECKOUT values, with this checkout as "this" first; {} when none."""
    checkouts: dict[str, Path] = {}
    for spec in specs:
        label, sep, path = spec.partition("=")
        if not sep or not label.isidentifier() or not (Path(path) / "bot").is_dir():
            raise SystemExit(f"--compare {spec!r}: use LABEL=CHECKOUT, a folder holding bot/")
        checkouts[label] = Path(path).resolve()
    return {"this": PROJECT, **checkouts} if checkouts else {}


def repeat_label(label: str, k: int) -> str:
    """The label of the k-th run of one N and checkout: the checkout's label, then -rK from the second."""
    if k == 1:
        return label
    return f"{label}-r{k}" if label else f"r{k}"


async def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.reanalyse is None:
        missing = [tool for tool in ("sipp", "tcpdump", "espeak-ng") if shutil.which(tool) is None]
        if missing:
            raise SystemExit(
                f"missing tools: {', '.join(missing)} (apt-get install sip-tester tcpdump espeak-ng)"
            )
        if os.geteuid() != 0:
            raise SystemExit("tcpdump on lo needs root (or CAP_NET_RAW)")
    out = args.reanalyse or args.out or PROJECT / ".local" / "bench" / time.strftime("load-%Y%m%d-%H%M%S")
    out = out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    flow_file = args.home / "flows" / f"{args.flow}.yaml"
    cache = out / "tts-cache"
    flow, prompts = await render_prompts(flow_file, cache)
    expect = expectations(flow, args.answer)
    lead = prompts[expect.opening].seconds + prompts[expect.question].seconds + args.margin
    opening, question = prompts[expect.opening].seconds, prompts[expect.question].seconds
    print(
        f"bench.load: flow {flow.name} (extension {args.exten}); opening {opening:.2f} s + question "
        f"{question:.2f} s rendered; callers speak {lead:.2f} s after the answer; output in {out}",
        flush=True,
    )

    checkouts = parse_checkouts(args.compare)
    if args.reanalyse is not None:
        runs = sorted((int(p.name[1:4]), "", p.name[5:-9]) for p in out.glob("N[0-9][0-9][0-9]*-run.json"))
    else:
        planned = [(int(v), c) for v in args.calls.split(",") if v.strip() for c in checkouts or [""]]
        # (N, checkout, label): a repeated N gets files of its own ("--calls 30,30": N030-*, N030-r2-*).
        runs = [
            (n, checkout, repeat_label(checkout, planned[: i + 1].count((n, checkout))))
            for i, (n, checkout) in enumerate(planned)
        ]
        streams = callers.write_streams(
            out / "callers", {"answer": args.answer, "optout": args.optout_phrase}, flow.voice, lead
        )
        scenarios = callers.write_scenarios(out / "callers", streams, bye_timeout_s=args.call_timeout)

        async def prerender(tts_cache: Path) -> None:
            shutil.copytree(cache, tts_cache, dirs_exist_ok=True)  # the bot's cache, warm

        lo, hi = (int(v) for v in args.asterisk_rtp.split("-"))
        cfg = RunConfig(
            home=args.home.resolve(),
            out=out,
            exten=args.exten,
            rate=args.rate,
            optout_share=args.optout_share,
            scenarios=scenarios,
            call_timeout_s=args.call_timeout,
            asterisk_rtp=(lo, hi),
            prerender=prerender,
            quiet_below=args.quiet_below,
            quiet_wait_s=args.quiet_wait,
        )
        secret = password(cfg.home)
        print(f"bench.load: {step_back(args.callers_nice)}", flush=True)

    summaries = []
    for n, checkout, label in runs:
        prefix = run_prefix(n, label)
        if args.reanalyse is not None:
            result = load_result(out, n, label)
        else:
            print(f"{prefix}: placing {n} calls at {args.rate:g}/s ...", flush=True)
            run_cfg = dataclasses.replace(cfg, label=label, bot_cwd=checkouts.get(checkout, cfg.bot_cwd))
            result = await run_load(n, run_cfg, secret)
        records = bot_records(out / f"{prefix}-clearcall.db")
        capture = read_capture(result.pcap)
        rows, prompt_rows = analyse(n, result.calls, capture, prompts, expect, result.t0, records)
        write_csv(out / f"{prefix}-calls.csv", rows)
        write_csv(out / f"{prefix}-prompts.csv", prompt_rows)
        summary = summarise(result, rows, prompt_rows)
        summaries.append(summary)
        print(table([summary]).splitlines()[-1], flush=True)
    text = table(summaries) + "\n\n" + details(summaries) + "\n"
    (out / "summary.txt").write_text(text)
    print()
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
