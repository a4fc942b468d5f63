"""The compliance opening: which parts it must have, and the opening the engine really speaks.

Every opening must say (see ``bot.compliance.legal_texts`` for why):

- who is calling, before anything else: ``{identity.company}``;
- why: ``{identity.purpose}``;
- the recording notice, unless the flow has ``recording: off`` (then it must not claim the call is
  recorded): ``{recording.notice}``, or the author's own words ("recorded", "录音", "녹음");
- the opt-out offer: the key, ``{optout.key}``, and a phrase the recogniser hears and the opt-out
  detector catches, ``{optout.phrase}`` or written out ("say stop calling me");
- a callback number: ``{identity.callback_number}``.

``opening_gaps`` lists what a template lacks (the loader refuses such a flow, at its line);
``compose_opening`` is what the engine speaks: the author's wording with any missing part added from
the built-in parts, so the parts are there whatever the flow says, even for a flow that never went
through the loader.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.compliance.legal_texts import (
    default_opening,
    join_sentences,
    opening_part,
    recording_claims,
    recording_decline_phrase,
)
from bot.compliance.optout import OptOutDetector
from bot.core.text import normalize_text
from bot.flow.templates import placeholders

COMPANY = "identity.company"
PURPOSE = "identity.purpose"
CALLBACK = "identity.callback_number"
OPTOUT_KEY = "optout.key"
OPTOUT_PHRASE = "optout.phrase"
RECORDING_NOTICE = "recording.notice"
#: Longest opening, spoken at the flow's rate: the callee should hear the first question soon.
MAX_OPENING_SECONDS = 10.0
#: Variables only the opening may use.
OPENING_ONLY_VARIABLES: tuple[str, ...] = (RECORDING_NOTICE,)

# Required placeholder -> (gap part, what the opening must say).
_REQUIRED = {
    COMPANY: ("identity", "it must say who is calling"),
    PURPOSE: ("purpose", "it must say why you are calling"),
    OPTOUT_KEY: ("optout_key", "it must say which key opts out"),
    CALLBACK: ("callback", "it must give a number to call back (FCC 64.1200(b)(2))"),
}
# Parts that may not come before who is calling (the purpose may: "About your appointment: this is ...").
_AFTER_IDENTITY = (RECORDING_NOTICE, OPTOUT_KEY, OPTOUT_PHRASE, CALLBACK)
_COMPACT = ("zh", "ko")  # compared without spaces, as the opt-out detector does


@dataclass(frozen=True)
class OpeningGap:
    """A required part the opening lacks (``part``), or says wrongly; ``needle`` points into the text."""

    part: str  # identity, purpose, recording, recording_claim, optout_key, optout_phrase, callback, order
    message: str
    hint: str
    needle: str | None = None


def _blanked(template: str) -> str:
    """The template with each placeholder replaced by spaces of its length: the author's own words,
    at their offsets."""
    chars = list(template)
    for placeholder in placeholders(template):
        end = placeholder.start + len(placeholder.token)
        chars[placeholder.start : end] = " " * len(placeholder.token)
    return "".join(chars)


def spoken_optout_phrases(text: str, language: str, extra_phrases: tuple[str, ...] = ()) -> list[str]:
    """The opt-out phrases written out in ``text`` that the recogniser can hear (they are in its
    grammar) and the detector catches. One-word phrases ("stop", "退订") do not count: the text may use
    the word for something else ("to stop these calls")."""
    detector = OptOutDetector(language, extra_phrases)
    compact = language in _COMPACT
    norm = normalize_text(text)
    subject = norm.replace(" ", "") if compact else f" {norm} "
    found = []
    for phrase in detector.grammar_phrases():
        key = normalize_text(phrase)
        if compact:
            key = key.replace(" ", "")
            long_enough, present = len(key) > 2, key in subject
        else:
            long_enough, present = " " in key, f" {key} " in subject
        if long_enough and present and detector.detect(phrase) is not None:
            found.append(phrase)
    return found


def opening_gaps(
    template: str, *, language: str, recording: str, extra_phrases: tuple[str, ...] = ()
) -> list[OpeningGap]:
    """What ``template`` (an opening, before rendering) lacks or says wrongly, for a flow with this
    language, ``recording`` setting and extra opt-out phrases."""
    first: dict[str, int] = {}
    for placeholder in placeholders(template):
        first.setdefault(placeholder.name, placeholder.start)
    words = _blanked(template)
    gaps: list[OpeningGap] = []
    for name, (part, why) in _REQUIRED.items():
        if name not in first:
            gaps.append(
                OpeningGap(
                    part,
                    f"the opening lacks {{{name}}}: {why}",
                    f"add {{{name}}} to the opening (or remove `opening` to use the built-in one)",
                )
            )

    claims = recording_claims(language, words)
    if recording == "off":
        for _start, word in claims[:1]:
            gaps.append(
                OpeningGap(
                    "recording_claim",
                    f"the opening says the call is recorded ('{word}'), but the flow has `recording: off`",
                    "remove it, or set `recording: notice` if calls are recorded",
                    needle=word,
                )
            )
    elif RECORDING_NOTICE not in first:
        decline = recording_decline_phrase(language)
        if not claims:
            gaps.append(
                OpeningGap(
                    "recording",
                    f"the opening lacks the recording notice: the flow has `recording: {recording}`",
                    "add {recording.notice} (the engine's sentence for it), or set `recording: off` if calls "
                    "are not recorded",
                )
            )
        elif recording == "ask" and _compare_key(decline, language) not in _compare_key(words, language):
            gaps.append(
                OpeningGap(
                    "recording",
                    f"the opening must say how to decline the recording ('{decline}'): the flow has "
                    "`recording: ask`",
                    "use {recording.notice}, which says it",
                )
            )

    if OPTOUT_PHRASE not in first and not spoken_optout_phrases(words, language, extra_phrases):
        gaps.append(
            OpeningGap(
                "optout_phrase",
                "the opening lacks {optout.phrase}: it must say what to say to opt out, in words the "
                "recogniser hears",
                "add {optout.phrase}, or write out an opt-out phrase such as 'stop calling me'",
            )
        )

    if COMPANY in first:
        parts = [(start, f"{{{name}}}") for name, start in first.items() if name in _AFTER_IDENTITY]
        parts += [(start, f"'{word}'") for start, word in claims]
        earlier = sorted(part for part in parts if part[0] < first[COMPANY])
        if earlier:
            gaps.append(
                OpeningGap(
                    "order",
                    f"the opening must say who is calling first, but {{{COMPANY}}} comes after "
                    f"{earlier[0][1]}",
                    "start the opening with who is calling (FCC 64.1200(b)(1))",
                    needle=f"{{{COMPANY}}}",
                )
            )
    return gaps


def _compare_key(text: str, language: str) -> str:
    norm = normalize_text(text)
    return norm.replace(" ", "") if language in _COMPACT else f" {norm} "


def compose_opening(
    template: str | None, *, language: str, recording: str, extra_phrases: tuple[str, ...] = ()
) -> str:
    """The opening template the engine speaks: the built-in one, or the author's with every missing
    part added from the built-in parts (identity first, the rest after the author's words)."""
    if template is None:
        return default_opening(language, recording)
    found = opening_gaps(template, language=language, recording=recording, extra_phrases=extra_phrases)
    gaps = {gap.part for gap in found}
    before = [opening_part(language, "identity")] if gaps & {"identity", "purpose", "order"} else []
    after = []
    if "recording" in gaps:
        after.append(opening_part(language, "recording"))
    if gaps & {"optout_key", "optout_phrase"}:
        after.append(opening_part(language, "optout"))
    if "callback" in gaps:
        after.append(opening_part(language, "callback"))
    return join_sentences(language, [*before, template.strip(), *after])
