"""Whole-flow checks that no single model can do: targets, reachability, variables, phrases.

Checks return :class:`Problem` objects addressed by a path into the YAML document
(``("states", "greet", "on", "yes", "goto")``); the loader turns paths into line numbers.
"""

from __future__ import annotations

import difflib
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from bot.compliance.optout import OptOutDetector, builtin_phrases
from bot.core.text import normalize_text
from bot.flow.engine_states import ENGINE_MARK, ENGINE_STATE_NAMES
from bot.flow.intents import phrase_key
from bot.flow.opening import OPENING_ONLY_VARIABLES, opening_gaps
from bot.flow.schema import (
    EVENTS,
    NO_MATCH,
    OPT_OUT,
    Flow,
    Retry,
    Transition,
    placeholders,
)

PathT = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """A problem at ``path`` in the document.

    ``at_key`` points at the key rather than its value; ``needle`` is a piece of the value's
    text (a ``{variable}``) to point at precisely.
    """

    path: PathT
    message: str
    hint: str = ""
    at_key: bool = False
    needle: str | None = None


@dataclass(frozen=True)
class Edge:
    """A transition out of ``state``, found at ``path``; ``label`` says when it is taken."""

    state: str
    path: PathT
    label: str
    transition: Transition


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``"did you mean 'x'?"`` for the closest choice, or empty text."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def _unfold(state: str, path: PathT, label: str, transition: Transition) -> Iterator[Edge]:
    yield Edge(state, path, label, transition)
    webhook = transition.webhook
    if webhook is not None and webhook.on_failure is not None:
        yield from _unfold(
            state, (*path, "webhook", "on_failure"), f"{label}, webhook failed", webhook.on_failure
        )


def edges(flow: Flow) -> Iterator[Edge]:
    """Every transition of the flow, in file order, including retry ``then`` and ``on_failure``."""
    for name, state in flow.states.items():
        base: PathT = ("states", name)
        for key, handler in (state.on or {}).items():
            if isinstance(handler, Retry):
                label = f"{key} after {handler.retries} {'retry' if handler.retries == 1 else 'retries'}"
                yield from _unfold(name, (*base, "on", key, "then"), label, handler.then)
            else:
                yield from _unfold(name, (*base, "on", key), key, handler)
        if state.next is not None:
            yield from _unfold(name, (*base, "next"), "next", state.next)


def texts(flow: Flow) -> Iterator[tuple[PathT, str]]:
    """Every text the engine speaks, with its path (these may use ``{variables}``)."""
    if flow.opening is not None:
        yield ("opening",), flow.opening
    if flow.optout.goodbye is not None:
        yield ("optout", "goodbye"), flow.optout.goodbye
    for name, state in flow.states.items():
        if state.say is not None:
            yield ("states", name, "say"), state.say
        for key, handler in (state.on or {}).items():
            if isinstance(handler, Retry) and handler.reprompt is not None:
                yield ("states", name, "on", key, "reprompt"), handler.reprompt
    for edge in edges(flow):
        for key in ("say", "end"):
            value = getattr(edge.transition, key)
            if value is not None:
                yield (*edge.path, key), value


def check_flow(flow: Flow, base_dir: Path | None = None) -> list[Problem]:
    """All whole-flow problems; ``base_dir`` (the flow file's folder) enables ``play`` file checks."""
    return [
        *_check_states(flow, base_dir),
        *_check_targets(flow),
        *_check_graph(flow),
        *_check_variables(flow),
        *_check_opening(flow),
        *_check_phrases(flow),
    ]


def _check_states(flow: Flow, base_dir: Path | None) -> Iterator[Problem]:
    for name, state in flow.states.items():
        path: PathT = ("states", name)
        if name == OPT_OUT:
            yield Problem(
                path,
                "'opt_out' is reserved: the engine handles opt-out in every state",
                "rename it",
                at_key=True,
            )
        elif name in ENGINE_STATE_NAMES or ENGINE_MARK in name:
            yield Problem(
                path,
                f"state name '{name}' is reserved for the engine's own states",
                f"rename it; taken: names with '{ENGINE_MARK}', {', '.join(sorted(ENGINE_STATE_NAMES))}",
                at_key=True,
            )
        if state.play is not None and base_dir is not None and not (base_dir / state.play).is_file():
            yield Problem(
                (*path, "play"), f"sound file '{state.play}' not found next to the flow", "check the path"
            )
        if state.listen is None:
            continue
        intents = state.listen.intents
        for intent in intents:
            if intent == OPT_OUT or intent in EVENTS:
                yield Problem(
                    (*path, "listen", "intents", intent),
                    f"'{intent}' is reserved and cannot be an intent name",
                    "opt-out is global; rename the intent" if intent == OPT_OUT else "rename the intent",
                    at_key=True,
                )
            elif intent not in (state.on or {}):
                yield Problem(
                    (*path, "listen", "intents", intent),
                    f"intent '{intent}' has no entry under `on:`",
                    f"add `{intent}: {{goto: STATE}}` (or end/transfer) under on",
                    at_key=True,
                )
        on = state.on or {}
        for key, handler in on.items():
            key_path = (*path, "on", key)
            if key == OPT_OUT:
                yield Problem(
                    key_path,
                    "`on: opt_out` is not allowed: the engine handles opt-out in every state",
                    "remove it; to change what is said, set optout.goodbye",
                    at_key=True,
                )
            elif key not in intents and key not in EVENTS:
                hint = did_you_mean(key, [*intents, *EVENTS]) or "declare it under listen.intents"
                yield Problem(key_path, f"'{key}' is not an intent of state '{name}'", hint, at_key=True)
            elif isinstance(handler, Retry) and key not in EVENTS:
                yield Problem(
                    key_path,
                    "retries/reprompt/then are only for no_input and no_match",
                    "give the intent a plain transition such as {goto: STATE}",
                    at_key=True,
                )
        if NO_MATCH not in on:
            yield Problem(
                (*path, "on"),
                f"state '{name}' listens but has no `no_match:` for speech it does not understand",
                "add e.g. no_match: {retries: 1, reprompt: ..., then: {end: ...}}",
                at_key=True,
            )


def _check_targets(flow: Flow) -> Iterator[Problem]:
    if flow.start not in flow.states:
        yield Problem(
            ("start",),
            f"start state '{flow.start}' does not exist",
            did_you_mean(flow.start, flow.states) or f"use one of: {', '.join(flow.states)}",
        )
    for edge in edges(flow):
        target = edge.transition.goto
        if target is not None and target not in flow.states:
            yield Problem(
                (*edge.path, "goto"),
                f"goto '{target}': there is no state named '{target}'",
                did_you_mean(target, flow.states) or f"states are: {', '.join(flow.states)}",
            )


def _check_graph(flow: Flow) -> Iterator[Problem]:
    successors: dict[str, set[str]] = {name: set() for name in flow.states}
    finishing: set[str] = set()  # states with a transition that ends or transfers the call
    for edge in edges(flow):
        if edge.transition.ends_call:
            finishing.add(edge.state)
        elif edge.transition.goto in flow.states:
            successors[edge.state].add(edge.transition.goto)

    reached = _closure({flow.start} & set(flow.states), successors)
    predecessors: dict[str, set[str]] = {name: set() for name in flow.states}
    for name, targets in successors.items():
        for target in targets:
            predecessors[target].add(name)
    can_finish = _closure(finishing, predecessors)

    for name in flow.states:
        if flow.start in flow.states and name not in reached:
            yield Problem(
                ("states", name),
                f"state '{name}' can never be reached from start '{flow.start}'",
                "add a goto to it, or remove it",
                at_key=True,
            )
        if name not in can_finish:
            yield Problem(
                ("states", name),
                f"state '{name}' has no way out: no path from it ever reaches an `end` or `transfer`",
                "give one of its transitions (or a state it leads to) an end or transfer",
                at_key=True,
            )


def _closure(seeds: set[str], links: dict[str, set[str]]) -> set[str]:
    seen = set(seeds)
    queue = deque(seeds)
    while queue:
        for other in links[queue.popleft()] - seen:
            seen.add(other)
            queue.append(other)
    return seen


def _check_variables(flow: Flow) -> Iterator[Problem]:
    for path, text in texts(flow):
        known = flow.variable_names(opening=path == ("opening",))
        for placeholder in placeholders(text):
            name = placeholder.name
            if placeholder.token == "{}":
                yield Problem(
                    path, "empty {}", "name a variable inside, or write {{}} for braces", needle="{}"
                )
            elif not name:
                yield Problem(
                    path,
                    "'{' is never closed",
                    "close it, or write {{ for a literal brace",
                    needle=placeholder.token,
                )
            elif name in OPENING_ONLY_VARIABLES and name not in known:
                yield Problem(
                    path,
                    f"{{{name}}} is only for the opening",
                    "the engine says it once, in the opening; remove it here",
                    needle=placeholder.token,
                )
            elif name not in known:
                yield Problem(
                    path,
                    f"unknown variable {{{name}}}",
                    _variable_hint(name, flow),
                    needle=placeholder.token,
                )
            elif name.startswith("contact."):
                field = flow.contact.fields[name.removeprefix("contact.")]
                if field.required is False and field.default is None:
                    yield Problem(
                        path,
                        f"{{{name}}} may be blank (`required: false` and no default): the bot would speak "
                        "a blank",
                        f"give contact field '{name.removeprefix('contact.')}' a default, or remove "
                        "`required: false`",
                        needle=placeholder.token,
                    )


def _check_opening(flow: Flow) -> Iterator[Problem]:
    phrase = flow.optout.phrase
    if phrase is not None:
        detector = OptOutDetector(flow.language, flow.optout.phrases)
        heard = {_phrase_form(p) for p in detector.grammar_phrases()}
        if detector.detect(phrase) is None or _phrase_form(phrase) not in heard:
            yield Problem(
                ("optout", "phrase"),
                f"optout.phrase '{phrase}' is not an opt-out phrase the recogniser listens for",
                "use a built-in one (e.g. "
                + ", ".join(f"'{p}'" for p in builtin_phrases(flow.language)[:3])
                + "), or add it to optout.phrases too",
            )
    if flow.opening is None:
        return
    gaps = opening_gaps(
        flow.opening, language=flow.language, recording=flow.recording, extra_phrases=flow.optout.phrases
    )
    for gap in gaps:
        yield Problem(("opening",), gap.message, gap.hint, needle=gap.needle)


def _phrase_form(phrase: str) -> str:
    return normalize_text(phrase).replace(" ", "")


def _variable_hint(name: str, flow: Flow) -> str:
    prefix, _, field = name.partition(".")
    if prefix == "contact" and field:
        close = difflib.get_close_matches(field, list(flow.contact.fields), n=1, cutoff=0.7)
        if close:
            return f"did you mean {{contact.{close[0]}}}?"
        return f"declare it under contact.fields, e.g. `{field}: {{sample: ...}}`"
    close = difflib.get_close_matches(name, flow.variable_names(), n=1, cutoff=0.6)
    if close:
        return f"did you mean {{{close[0]}}}?"
    return "variables here: " + ", ".join("{" + known + "}" for known in flow.variable_names())


def _check_phrases(flow: Flow) -> Iterator[Problem]:
    extras = []
    for index, phrase in enumerate(flow.optout.phrases):
        if phrase_key(phrase):
            extras.append(phrase)
        else:
            yield Problem(
                ("optout", "phrases", index), f"opt-out phrase {phrase!r} has no words", "write words"
            )
    # The engine's own detector decides what opts out, so an intent phrase it would catch first
    # can never reach its intent.
    detector = OptOutDetector(flow.language, extras)
    for name, state in flow.states.items():
        if state.listen is None:
            continue
        owner: dict[str, str] = {}
        for intent, phrases in state.listen.intents.items():
            for index, phrase in enumerate(phrases):
                path: PathT = ("states", name, "listen", "intents", intent, index)
                key = phrase_key(phrase)
                if not key:
                    yield Problem(path, f"phrase {phrase!r} has no words to recognise", "write words")
                elif detector.detect(phrase) is not None:
                    yield Problem(
                        path,
                        f"'{phrase}' is an opt-out phrase: the engine opts the caller out before any intent",
                        "remove it from this intent",
                    )
                elif owner.get(key, intent) != intent:
                    yield Problem(
                        path,
                        f"phrase '{phrase}' of intent '{intent}' is also a phrase of intent '{owner[key]}'",
                        "keep it in one intent only, or the two cannot be told apart",
                    )
                owner.setdefault(key, intent)
