"""The typed model of a call flow, as written in ``flows/*.yaml``.

The loader (``bot.flow.loader``) turns YAML into these models and reports problems with
line numbers; the engine consumes a validated :class:`Flow`. Models check what one model
can see (types, exclusive keys); whole-flow checks (goto targets, reachability,
variables, the opening's parts) live in ``bot.flow.validate``, the opening's required parts in
``bot.flow.opening`` and the contact data a call needs in ``bot.flow.contact``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PrivateAttr,
    StrictBool,
    StrictInt,
    StringConstraints,
    Tag,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from bot.compliance.legal_texts import (
    default_optout_goodbye,
    default_optout_phrase,
    recording_notice,
    safe_harbour_message,
    spoken_phone_number,
    voicemail_message,
)
from bot.flow.opening import OPENING_ONLY_VARIABLES, compose_opening
from bot.flow.templates import Placeholder as Placeholder
from bot.flow.templates import placeholders as placeholders
from bot.flow.templates import render_template

Language = Literal["en", "zh", "ko"]
Recording = Literal["notice", "ask", "off"]  # as legal_texts.RECORDING_MODES (tested)
Machine = Literal["hangup", "message"]

#: Intent / state name the engine owns: opt-out is heard in every state of every flow.
OPT_OUT = "opt_out"
#: ``on:`` keys that are events rather than intents.
NO_INPUT = "no_input"
NO_MATCH = "no_match"
EVENTS: tuple[str, ...] = (NO_INPUT, NO_MATCH)
#: Longest timeout a flow may ask for; longer silences mean a dead line, not a thinking caller.
MAX_DURATION_S = 300.0
#: Speaking rate, words per minute (espeak-ng counts a Chinese character or a Korean word as one).
DEFAULT_RATE = 165
MIN_RATE, MAX_RATE = 100, 320

NAME_PATTERN = r"^[a-z0-9_]+$"
Name = Annotated[str, StringConstraints(pattern=NAME_PATTERN)]
Text = Annotated[str, StringConstraints(min_length=1)]


def flow_problem(message: str, key: str | None = None) -> PydanticCustomError:
    """An error for model validators; ``key`` names the offending key so the loader can point at it."""
    return PydanticCustomError("flow", message, {"flow_key": key} if key else None)


# ---------------------------------------------------------------- durations
_DURATION = re.compile(r"^(\d+(?:\.\d+)?)(ms|s|m)$")  # same as the JSON schema's pattern
_UNIT_SECONDS = {"ms": 0.001, "s": 1.0, "m": 60.0}


def parse_duration(value: Any) -> float:
    """Parse ``"500ms"``, ``"6s"``, ``"1.5s"`` or ``"1m"`` into seconds (0 < d <= 5m)."""
    # A bare number is refused too: seconds or milliseconds? The author must say.
    match = _DURATION.match(value) if isinstance(value, str) else None
    if not match:
        message = "'{value}' is not a duration; write a number with ms, s or m, e.g. '6s'"
        raise PydanticCustomError("duration", message, {"value": value})
    seconds = float(match.group(1)) * _UNIT_SECONDS[match.group(2)]
    if not 0 < seconds <= MAX_DURATION_S:
        message = "duration '{value}' must be more than 0 and at most 5m"
        raise PydanticCustomError("duration", message, {"value": value})
    return seconds


_DURATION_SCHEMA = {
    "type": "string",
    "pattern": r"^\d+(\.\d+)?(ms|s|m)$",
    "description": "e.g. 500ms, 6s, 1m",
}
Duration = Annotated[float, BeforeValidator(parse_duration), WithJsonSchema(_DURATION_SCHEMA)]


# ---------------------------------------------------------------- text templates
IDENTITY_VARIABLES: tuple[str, ...] = ("identity.company", "identity.purpose", "identity.callback_number")
OPTOUT_VARIABLES: tuple[str, ...] = ("optout.key", "optout.phrase")


# ---------------------------------------------------------------- models
class _Model(BaseModel):
    # Unknown keys are typos until proven otherwise; flows are read-only once loaded.
    model_config = ConfigDict(extra="forbid", frozen=True)


class Identity(_Model):
    """Who the bot speaks for; the compliance opening says it before anything else."""

    company: Text = Field(description="Company the call is made for; spoken in the opening.")
    purpose: Text = Field(description="Why you are calling, e.g. 'your quote request'.")
    callback_number: Annotated[str, StringConstraints(pattern=r"^\+?[0-9][0-9 ().-]{2,30}$")] = Field(
        description="Number the callee can call back, e.g. '+1 202 555 0100' (quote it)."
    )


class Retention(_Model):
    """How long this flow's calls keep what they left behind, in days; `clearcall purge` deletes the rest."""

    recordings: StrictInt = Field(90, ge=0, description="Days a call's recording is kept (default 90).")
    transcripts: StrictInt = Field(
        365, ge=0, description="Days its turns (what was said and heard) are kept (default 365)."
    )
    calls: StrictInt = Field(1825, ge=0, description="Days the call record itself is kept (default 1825).")


class OptOut(_Model):
    """Per-flow tuning of the global opt-out (which no flow can switch off)."""

    key: Annotated[str, StringConstraints(pattern=r"^[0-9*#]$")] = Field(
        "9", description='DTMF key that opts out in every state (quote it: "9").'
    )
    phrase: Text | None = Field(
        None,
        description="What the opening tells callers to say ({optout.phrase}); it must opt out. "
        "Default per language, e.g. 'stop calling me'.",
    )
    phrases: tuple[Text, ...] = Field((), description="Extra opt-out phrases, added to the built-in ones.")
    goodbye: Text | None = Field(None, description="Said after an opt-out; a per-language default otherwise.")


class ContactField(_Model):
    """One field of the contact data a flow uses, as {contact.NAME}."""

    required: StrictBool | None = Field(
        None,
        description="Default: true unless a default is given. A required field must be in the contact "
        "data: the dialer refuses to call without it. false: may be missing (never spoken then).",
    )
    default: Text | None = Field(None, description="Said when the contact has no value for the field.")
    sample: Text | None = Field(
        None, description="Example value: `clearcall simulate` and `flows check` use it."
    )

    @model_validator(mode="after")
    def _default_or_required(self) -> ContactField:
        if self.required is True and self.default is not None:
            raise flow_problem(
                "a field with a default is never missing, so it cannot be required; "
                "remove `required: true` or the default",
                "required",
            )
        return self

    @property
    def needed(self) -> bool:
        """True when a contact must carry the field: required, and no default to fall back on."""
        return self.default is None and self.required is not False


class Contact(_Model):
    """The contact data the flow's texts use."""

    fields: dict[Name, ContactField] = Field(
        default_factory=dict,
        description="Field name -> {required, default, sample}; texts use them as {contact.NAME}.",
    )


class SetAction(_Model):
    """Record the outcome of the call: a disposition and/or free-form result fields."""

    disposition: Name | None = Field(None, description="Call outcome, e.g. interested, booked.")
    fields: dict[Name, str] = Field(default_factory=dict, description="Extra result fields (text).")


class Transfer(_Model):
    """Hand the call to a person: a dial string, or a dialplan context and extension."""

    endpoint: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_]+/\S+$")] | None = Field(
        None, description="Dial string, e.g. PJSIP/agent."
    )
    context: Name | None = Field(None, description="Dialplan context (with extension).")
    extension: Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z_*#+]+$")] | None = Field(
        None, description='Dialplan extension (with context); quote digits: "100".'
    )

    @model_validator(mode="after")
    def _one_target(self) -> Transfer:
        if self.endpoint and (self.context or self.extension):
            raise flow_problem("transfer has both endpoint and context/extension; keep one", "endpoint")
        if not self.endpoint and not (self.context and self.extension):
            raise flow_problem("transfer needs `endpoint: PJSIP/agent` or both `context` and `extension`")
        return self


class Webhook(_Model):
    """POST the call's data to a URL before leaving the state."""

    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] = Field(description="http(s) URL.")
    timeout: Duration = Field(
        3.0, description="How long to wait for the reply (default 3s).", json_schema_extra={"default": "3s"}
    )
    on_failure: Transition | None = Field(
        None, description="Taken instead when the request fails or times out; default: carry on."
    )


_TRANSITION_TARGETS = ("goto", "end", "transfer")


class Transition(_Model):
    """Leave a state: optional say/set/webhook, then exactly one of goto, end or transfer."""

    model_config = ConfigDict(
        json_schema_extra={"oneOf": [{"required": [key]} for key in _TRANSITION_TARGETS]}
    )

    say: Text | None = Field(None, description="Said before leaving.")
    set: SetAction | None = Field(None, description="Record a disposition and result fields.")
    webhook: Webhook | None = Field(None, description="Call a URL before leaving.")
    goto: Name | None = Field(None, description="Next state.")
    end: Text | None = Field(None, description="Closing line; the call ends after it.")
    transfer: Transfer | None = Field(None, description="Transfer the call to a person.")

    @model_validator(mode="after")
    def _exactly_one_target(self) -> Transition:
        present = [key for key in _TRANSITION_TARGETS if getattr(self, key) is not None]
        if not present:
            raise flow_problem("a transition needs one of `goto: STATE`, `end: CLOSING TEXT` or `transfer:`")
        if len(present) > 1:
            raise flow_problem(
                f"a transition takes exactly one of goto, end or transfer, not {' and '.join(present)}",
                present[1],
            )
        return self

    @property
    def ends_call(self) -> bool:
        """True when taking this transition finishes the bot's part of the call."""
        return self.goto is None


class Retry(_Model):
    """For no_input / no_match: reprompt up to ``retries`` times, then take ``then``."""

    retries: StrictInt = Field(1, ge=0, le=5, description="Reprompts before giving up (0-5, default 1).")
    reprompt: Text | None = Field(
        None, description="Said before listening again; default: the state's prompt."
    )
    then: Transition = Field(description="Taken when the retries are used up.")


def _handler_kind(value: Any) -> str:
    # A retry is recognised by its own keys, so `{goto: x}` stays a plain transition.
    is_retry = isinstance(value, Retry) or (
        isinstance(value, Mapping) and bool({"retries", "reprompt", "then"} & set(value))
    )
    return "retry" if is_retry else "transition"


Handler = Annotated[
    Annotated[Transition, Tag("transition")] | Annotated[Retry, Tag("retry")],
    Discriminator(_handler_kind),
]


class Listen(_Model):
    """Listen for one of the named intents after the prompt."""

    timeout: Duration = Field(
        5.0, description="Silence before `no_input` (default 5s).", json_schema_extra={"default": "5s"}
    )
    intents: dict[Name, Annotated[tuple[Text, ...], Field(min_length=1)]] = Field(
        min_length=1, description="Intent name -> phrases that mean it."
    )


class State(_Model):
    """One step of the call: say or play something, maybe listen, then move on."""

    model_config = ConfigDict(
        json_schema_extra={
            "not": {"required": ["say", "play"]},
            "oneOf": [{"required": ["listen", "on"]}, {"required": ["next"]}],
        }
    )

    say: Text | None = Field(None, description="Text spoken by TTS.")
    play: Text | None = Field(None, description="Sound file, relative to the flow file.")
    barge_in: StrictBool = Field(True, description="Let the callee interrupt the prompt (default true).")
    listen: Listen | None = Field(None, description="Wait for an answer; then `on` decides.")
    on: dict[str, Handler] | None = Field(
        None, description="Intent, no_input or no_match -> transition (no_input/no_match may retry)."
    )
    next: Transition | None = Field(None, description="Where a state without `listen` goes.")

    @model_validator(mode="after")
    def _shape(self) -> State:
        if self.say is not None and self.play is not None:
            raise flow_problem("a state can `say` or `play`, not both; keep one", "play")
        listens = self.listen is not None
        if listens and self.next is not None:
            raise flow_problem("a state that listens moves on through `on:`, not `next`", "next")
        if listens and self.on is None:
            raise flow_problem("a state with `listen` needs `on:` saying where each intent goes", "listen")
        if not listens and self.on is not None:
            raise flow_problem("`on:` needs `listen:` (with intents) in the same state", "on")
        if not listens and self.next is None:
            raise flow_problem("a state without `listen` needs `next:` (goto, end or transfer)")
        return self

    def grammar_phrases(self) -> list[str]:
        """All intent phrases of this state, in file order, without duplicates."""
        if self.listen is None:
            return []
        phrases = (phrase for group in self.listen.intents.values() for phrase in group)
        return list(dict.fromkeys(phrases))

    def transition_for(self, intent: str) -> Transition:
        """The transition for a recognised intent of this state."""
        handler = (self.on or {})[intent]
        if not isinstance(handler, Transition):
            raise TypeError(f"{intent!r} is a retry handler, not an intent")
        return handler

    def fallback(self, event: Literal["no_input", "no_match"]) -> Transition | Retry:
        """What to do on silence / unrecognised speech; no_input defaults to no_match."""
        on = self.on or {}
        handler = on.get(event) or on.get(NO_MATCH)
        if handler is None:
            raise KeyError(f"state has no {event} handler")  # validation guarantees no_match
        return handler


class Flow(_Model):
    """A whole call script: identity, compliance wording, and the states of the call."""

    name: Name = Field(description="Flow name: lower-case letters, digits and _.")
    language: Language = Field(description="Language of the call: en, zh or ko.")
    voice: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_+-]+$")] = Field(
        description="espeak-ng voice, e.g. en-us, cmn, ko."
    )
    rate: StrictInt = Field(
        DEFAULT_RATE,
        ge=MIN_RATE,
        le=MAX_RATE,
        description=f"Speaking rate in words per minute ({MIN_RATE}-{MAX_RATE}, default {DEFAULT_RATE}).",
    )
    identity: Identity
    recording: Recording = Field(
        "notice",
        description="notice (default): the opening says the call is recorded; ask: and how to decline; "
        "off: the call is not recorded and the opening must not say it is.",
    )
    retention: Retention = Field(default_factory=Retention)
    opening: Text | None = Field(
        None,
        description="Own wording of the compliance opening; must have every part: {identity.company} first, "
        "{identity.purpose}, {recording.notice}, {optout.phrase}, {optout.key}, {identity.callback_number}.",
    )
    optout: OptOut = Field(default_factory=OptOut)
    contact: Contact = Field(default_factory=Contact)
    machine: Machine = Field(
        "hangup",
        description="Campaign calls an answering machine picks up (AMD): hangup (default) ends the call; "
        "message waits for the beep and leaves identity, callback number and how to opt out.",
    )
    start: Name = Field(description="The first state after the opening.")
    states: dict[Name, State] = Field(min_length=1)

    _base_dir: Path | None = PrivateAttr(None)

    def with_base_dir(self, base_dir: Path | None) -> Flow:
        """Remember the folder of the flow file, for ``play:`` paths."""
        self._base_dir = base_dir
        return self

    @property
    def base_dir(self) -> Path | None:
        """Folder of the flow file (None for flows loaded from text)."""
        return self._base_dir

    @property
    def optout_phrase(self) -> str:
        """The phrase the opening tells callers to say to opt out."""
        return self.optout.phrase or default_optout_phrase(self.language)

    def contact_values(self, contact: Mapping[str, object] | None = None) -> dict[str, str]:
        """Each declared contact field's value for one contact: its own value unless blank, else the
        field's default, else empty (only when the contact lacks a required field: see
        ``bot.flow.contact.missing_contact_fields``)."""
        contact = contact or {}
        values = {}
        for name, spec in self.contact.fields.items():
            value = contact.get(name)
            text = "" if value is None else str(value).strip()
            values[name] = text or spec.default or ""
        return values

    def variables(self, contact: Mapping[str, object] | None = None) -> dict[str, str]:
        """Values of every variable texts may use, for one contact, as they are spoken."""
        values = {
            "identity.company": self.identity.company,
            "identity.purpose": self.identity.purpose,
            "identity.callback_number": spoken_phone_number(self.identity.callback_number, self.language),
            "optout.key": self.optout.key,
            "optout.phrase": self.optout_phrase,
            "recording.notice": recording_notice(self.language, self.recording),
        }
        values.update({f"contact.{name}": value for name, value in self.contact_values(contact).items()})
        return values

    def variable_names(self, *, opening: bool = False) -> tuple[str, ...]:
        """Names texts of this flow may use inside ``{...}`` (``opening``: in the opening)."""
        contact = tuple(f"contact.{name}" for name in self.contact.fields)
        extra = OPENING_ONLY_VARIABLES if opening else ()
        return IDENTITY_VARIABLES + OPTOUT_VARIABLES + extra + contact

    def render(self, text: str, contact: Mapping[str, object] | None = None) -> str:
        """Fill a text's ``{variables}`` for one contact."""
        return render_template(text, self.variables(contact))

    def opening_template(self) -> str:
        """The opening the engine speaks, before rendering: the flow's (with any required part it lacks
        added, see ``bot.flow.opening``) or the built-in one."""
        return compose_opening(
            self.opening, language=self.language, recording=self.recording, extra_phrases=self.optout.phrases
        )

    def opening_text(self, contact: Mapping[str, object] | None = None) -> str:
        """The compliance opening, rendered; the engine speaks it first on every call."""
        # An empty {recording.notice} (recording: off) leaves a double space behind.
        return " ".join(self.render(self.opening_template(), contact).split())

    def voicemail_text(self) -> str:
        """The message left on an answering machine (`machine: message`), rendered."""
        return self.render(voicemail_message(self.language))

    def safe_harbour_text(self) -> str:
        """What an answered person hears when the bot has no slot for the call, rendered."""
        return self.render(safe_harbour_message(self.language))

    def optout_goodbye_text(self) -> str:
        """What to say after an opt-out, rendered."""
        return self.render(self.optout.goodbye or default_optout_goodbye(self.language))

    def sound_path(self, state: str) -> Path | None:
        """Absolute-ish path of a state's ``play`` file (relative to the flow file), or None."""
        play = self.states[state].play
        if play is None:
            return None
        return (self._base_dir or Path()) / play


Webhook.model_rebuild()
