"""Load a flow file: YAML -> :class:`Flow`, reporting every problem with its line and column.

The YAML is composed into nodes first (``yaml.compose``-style) so every value keeps its
position; pydantic's error locations and the whole-flow checks' paths are mapped back
onto those nodes. Schema problems are all reported together; the whole-flow checks
(targets, reachability, variables) need a well-shaped flow and run once it is.

The YAML reading is strict, and shared with the flow-test cases files (bot/sim/cases.py) through
:func:`read_document` and :meth:`YamlDocument.parse`: any malformed document becomes
:class:`FlowIssue` s at a line, never a PyYAML or Python exception. Refused, each with its line:
control characters (NUL ...), explicit tags other than ``!!str`` (``!!python/object``, ``!!binary``,
``!foo`` ...), duplicate keys, keys that are not plain text, numbers PyYAML cannot read (``0x_``) or
longer than :data:`MAX_NUMBER_DIGITS` digits, nesting deeper than :data:`MAX_DEPTH`, more than
:data:`MAX_NODES` values, ``*alias`` expansion beyond :data:`MAX_VALUES` values, and files over
:data:`MAX_FILE_BYTES`. The limits bound the time a load takes (two seconds at worst) and its memory.
"""

from __future__ import annotations

import re
import string
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, ClassVar, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, Tag, ValidationError

from bot.flow.errors import FlowError, FlowIssue
from bot.flow.schema import NAME_PATTERN, Flow, State, Transition
from bot.flow.validate import Problem, check_flow, did_you_mean

MAX_FILE_BYTES = 256 * 1024  # flows are a few KiB; PyYAML composes about 100 KiB a second
MAX_DEPTH = 64  # levels of nesting, counting those reached through *aliases
MAX_NODES = 20_000  # values written in the document (a long flow has a few thousand)
MAX_VALUES = 100_000  # values in the document once every *alias is expanded
MAX_NUMBER_DIGITS = 30  # an unquoted number with more digits is refused (phone numbers have 15 at most)

_YAML = "tag:yaml.org,2002:"
_BOOL_TAG = _YAML + "bool"
_MERGE_TAG = _YAML + "merge"
_STR_TAG, _INT_TAG, _FLOAT_TAG, _NULL_TAG = (_YAML + kind for kind in ("str", "int", "float", "null"))
# YAML 1.1 types YAML 1.2 does not have: dates and `=` stay text, booleans are re-added below.
_DROPPED_TAGS = {_BOOL_TAG, _YAML + "timestamp", _YAML + "value"}
_ALLOWED_EXPLICIT_TAGS = {None, "!", _STR_TAG}  # `!` and `!!str` both mean "this is text"
# What YAML allows in a stream (PyYAML's Reader refuses the rest with a ReaderError).
_NOT_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans (only true/false), bounded nesting, and explicit tags noted.

    YAML 1.1 reads ``yes``, ``no``, ``on`` and ``off`` as booleans, which would turn the
    intents ``yes:``/``no:`` and the ``on:`` key into True/False. Dates stay text too.
    Only composing is used: :class:`YamlDocument` builds the values itself.
    """

    yaml_implicit_resolvers: ClassVar[dict[Any, Any]] = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag not in _DROPPED_TAGS]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0
        self.nodes = 0
        self.explicit_tags: list[tuple[yaml.Mark, str]] = []  # (where, tag) of each refused tag

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        event = self.peek_event()
        tag = getattr(event, "tag", None)
        if tag not in _ALLOWED_EXPLICIT_TAGS or (tag == _STR_TAG and not isinstance(event, yaml.ScalarEvent)):
            self.explicit_tags.append((event.start_mark, tag))
        # The composer recurses once per level: bound it before Python's recursion limit does.
        # Bounding the values bounds the time: composing costs about 50 µs a value.
        self.depth += 1
        self.nodes += 1
        try:
            if self.depth > MAX_DEPTH:
                raise yaml.composer.ComposerError(
                    None, None, f"nested more than {MAX_DEPTH} levels deep", event.start_mark
                )
            if self.nodes > MAX_NODES:
                raise yaml.composer.ComposerError(
                    None, None, f"more than {MAX_NODES} values in one document", event.start_mark
                )
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


_Loader.add_implicit_resolver(_BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))

_SYNTAX_HINTS = (  # (text in the error, more text in it, hint); first match wins
    ("<stream end>", "", "a bracket or quote is not closed"),
    ("cannot start any token", "'\\t'", "indent with spaces; YAML does not allow tabs"),
    ("mapping values are not allowed here", "", "put quotes around text that contains ': '"),
    ("expected <block end>", "", "check the indentation of this line against the lines above"),
    ("flow mapping", "expected ','", "inside { } put quotes around texts with commas, ? or :"),
    ("flow sequence", "expected ','", "inside [ ] put quotes around texts with commas, ? or :"),
    ("found undefined alias", "", "define the &anchor before using *alias"),
    ("found unexpected end of stream", "", "a quote or bracket is not closed"),
    ("levels deep", "", "flatten the structure; these files nest only a few levels"),
    ("expected a single document", "", "a file holds one document: remove the second '---'"),
    ("found duplicate anchor", "", "give each &anchor its own name"),
    ("values in one document", "", "is this the right file? a long flow has a few thousand"),
)


_NUMBERS = yaml.constructor.SafeConstructor()  # its int and float readers are stateless


class _TooLarge(Exception):
    """Building stopped: the values expand beyond MAX_VALUES or MAX_DEPTH (through *aliases)."""

    def __init__(self, node: yaml.Node, message: str, hint: str) -> None:
        super().__init__(message)
        self.node, self.message, self.hint = node, message, hint


def _shown(text: str, limit: int = 40) -> str:
    """``text`` cut to ``limit`` characters, for a message."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _tag_name(tag: str | None) -> str:
    return "!!" + tag[len(_YAML) :] if tag and tag.startswith(_YAML) else str(tag)


class YamlDocument:
    """A YAML document composed into nodes (which keep their positions), plus the plain data built
    from them; every problem found is in ``issues``, at its line and column.

    ``ok`` is True when ``data`` could be built; issues that do not stop it (a duplicate key, a
    number that cannot be read, kept as its text) are in ``issues`` all the same.
    """

    def __init__(self, source: str, text: str = "") -> None:
        self.text = text
        self.source = source
        self.issues: list[FlowIssue] = []
        self.root: yaml.Node | None = None
        self.data: Any = None
        self.ok = False
        self._built = 0
        self._scalars: dict[int, Any] = {}
        self._key_index: dict[int, dict[str, tuple[yaml.Node, yaml.Node]]] = {}

    @classmethod
    def parse(cls, text: str, source: str) -> YamlDocument:
        """Compose and build ``text``; ``source`` names it in the issues."""
        document = cls(source, text)
        document._parse()
        return document

    def _parse(self) -> None:
        text = self.text
        if len(text) > MAX_FILE_BYTES:
            self.add_at_index(0, f"the text is over {MAX_FILE_BYTES // 1024} KiB", "is this the right file?")
            return
        bad = _NOT_PRINTABLE.search(text)
        if bad is not None:
            char = bad.group()
            self.add_at_index(
                bad.start(),
                f"the character U+{ord(char):04X} is not allowed in YAML",
                "remove it; such characters (NUL, other control characters) mean the file is not plain text",
            )
            return
        loader = _Loader(text)
        try:
            self.root = loader.get_single_node()
        except yaml.MarkedYAMLError as error:
            self._syntax_issue(error)
            return
        except yaml.YAMLError as error:  # a ReaderError; the check above should have caught it
            self.add_at_index(getattr(error, "position", 0) or 0, f"YAML error: {error}")
            return
        finally:
            loader.dispose()
        for mark, tag in loader.explicit_tags:
            self.issues.append(
                FlowIssue(
                    self.source,
                    mark.line + 1,
                    mark.column + 1,
                    f"the YAML tag {_shown(_tag_name(tag))} is not allowed here",
                    "remove the tag; put the value in quotes to make it text",
                )
            )
        if loader.explicit_tags:
            return
        if self.root is not None:
            try:
                self.data = self._build(self.root, ())
            except _TooLarge as error:
                self.add(error.node, error.message, error.hint)
                self.data = None
                return
        self.ok = True

    # ------------------------------------------------------------ building
    def _syntax_issue(self, error: yaml.MarkedYAMLError) -> None:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or "invalid YAML"
        context = f" ({error.context})" if error.context else ""
        if ("end of stream" in problem or "<stream end>" in problem) and error.context_mark is not None:
            # The end of the file is not where to look: point where the unclosed thing starts.
            mark, context = error.context_mark, f" ({error.context}, which starts here)"
        where = f"{problem} {error.context or ''}"
        hint = next((h for text, extra, h in _SYNTAX_HINTS if text in where and extra in where), "")
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        self.issues.append(
            FlowIssue(self.source, line, column, f"YAML syntax error: {problem}{context}", hint)
        )

    def _build(self, node: yaml.Node, stack: tuple[int, ...]) -> Any:
        if id(node) in stack:
            self.add(node, "an alias refers to itself", "remove the recursive *alias")
            return None
        self._built += 1
        if self._built > MAX_VALUES:
            raise _TooLarge(
                node,
                f"the document holds more than {MAX_VALUES} values once its *aliases are expanded",
                "use fewer *aliases of large &anchors",
            )
        if len(stack) >= MAX_DEPTH:
            raise _TooLarge(
                node,
                f"nested more than {MAX_DEPTH} levels deep (counting *aliases)",
                "flatten the structure; these files nest only a few levels",
            )
        stack = (*stack, id(node))
        if isinstance(node, yaml.MappingNode):
            return self._build_mapping(node, stack)
        if isinstance(node, yaml.SequenceNode):
            return [self._build(item, stack) for item in node.value]
        return self._scalar(node)

    def _build_mapping(self, node: yaml.MappingNode, stack: tuple[int, ...]) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        seen: set[Any] = set()
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
                if not all(isinstance(source, yaml.MappingNode) for source in sources):
                    self.add(
                        key_node,
                        "`<<:` merges a mapping, or a list of them, into this one",
                        "write <<: *name, where &name marks a mapping",
                    )
                elif any(id(source) in stack for source in sources):
                    self.add(key_node, "`<<:` merges a mapping into itself", "remove the recursive *alias")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.add(key_node, "a key must be plain text", "remove the brackets or braces around it")
                continue
            key = self._scalar(key_node)
            if key is None:
                self.add(key_node, "a key is empty (or null)", "write a name before the ':'")
                continue
            if key in seen:
                self.add(
                    key_node, f"key '{_shown(str(key))}' appears twice here; the second would silently win"
                )
                continue
            seen.add(key)
            result[key] = self._build(value_node, stack)
        for key_node, value_node in _merged_items(node):
            if isinstance(key_node, yaml.ScalarNode):  # other keys are reported where they are
                key = self._scalar(key_node)
                if key not in result:
                    result[key] = self._build(value_node, stack)
        return result

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        """The value of a scalar: text, a number, true/false or None. Numbers PyYAML cannot read, or
        too long to be meant as numbers, are reported (once, even if aliased) and kept as text."""
        if id(node) not in self._scalars:
            self._scalars[id(node)] = self._construct(node)
        return self._scalars[id(node)]

    def _construct(self, node: yaml.ScalarNode) -> Any:
        value: str = node.value
        if node.tag == _NULL_TAG:
            return None
        if node.tag == _BOOL_TAG:
            return value.lower() == "true"
        if node.tag not in (_INT_TAG, _FLOAT_TAG):
            return value  # text; also `<<` where it is not a key
        if sum(char in string.hexdigits for char in value) > MAX_NUMBER_DIGITS:
            self.add(
                node,
                f"the number {_shown(value, 20)} has more than {MAX_NUMBER_DIGITS} digits",
                "put it in quotes if it is text",
            )
            return value
        try:
            if node.tag == _INT_TAG:
                return _NUMBERS.construct_yaml_int(node)
            return _NUMBERS.construct_yaml_float(node)
        except (ValueError, IndexError, ArithmeticError):
            self.add(node, f"'{_shown(value)}' is not a number", "put it in quotes to make it text")
            return value

    # ------------------------------------------------------------ locating
    def add(self, node: yaml.Node, message: str, hint: str = "") -> None:
        """Record an issue at ``node``'s start."""
        mark = node.start_mark
        self.issues.append(FlowIssue(self.source, mark.line + 1, mark.column + 1, message, hint))

    def add_at_index(self, index: int, message: str, hint: str = "") -> None:
        """Record an issue at a character offset into the text."""
        line = self.text.count("\n", 0, index) + 1
        column = index - (self.text.rfind("\n", 0, index) + 1) + 1
        self.issues.append(FlowIssue(self.source, line, column, message, hint))

    def locate(self, path: tuple[Any, ...]) -> tuple[yaml.Node, yaml.Node | None]:
        """The node at ``path`` and the key node naming it; unknown segments are skipped
        (pydantic adds union tags), so a missing key resolves to its parent."""
        assert self.root is not None
        node, key_node = self.root, None
        for segment in path:
            if segment == "[key]" and key_node is not None:
                return key_node, key_node
            if isinstance(node, yaml.MappingNode):
                found = self._keys(node).get(str(segment))
                if found is not None:
                    key_node, node = found
            elif isinstance(node, yaml.SequenceNode) and isinstance(segment, int):
                if 0 <= segment < len(node.value):
                    node, key_node = node.value[segment], None
        return node, key_node

    def _keys(self, node: yaml.MappingNode) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        """The (key, value) nodes of a mapping by key text, merged keys included; the first wins.
        Built once per mapping, so reporting many issues stays linear in the document size."""
        keys = self._key_index.get(id(node))
        if keys is None:
            keys = {}
            for key_node, value_node in _items(node):
                if isinstance(key_node, yaml.ScalarNode):
                    keys.setdefault(key_node.value, (key_node, value_node))
            self._key_index[id(node)] = keys
        return keys

    def add_at_path(
        self, path: tuple[Any, ...], message: str, hint: str = "", *, at_key: bool = False
    ) -> None:
        """Record an issue at the YAML value (or its key) that ``path`` leads to."""
        if self.root is None:
            self.add_at_index(0, message, hint)
            return
        node, key_node = self.locate(path)
        # Collections start at their first child; their key names them better.
        collection = isinstance(node, yaml.MappingNode | yaml.SequenceNode)
        self.add(key_node if key_node is not None and (at_key or collection) else node, message, hint)

    def add_problem(self, problem: Problem) -> None:
        """Record a whole-flow :class:`Problem`, pointing inside the text for a ``needle``."""
        if problem.needle is not None:
            node, _ = self.locate(problem.path)
            mark, end = node.start_mark, node.end_mark
            found = self.text.find(problem.needle, mark.index, end.index)
            if found >= 0:
                self.add_at_index(found, problem.message, problem.hint)
                return
        self.add_at_path(problem.path, problem.message, problem.hint, at_key=problem.at_key)


def read_document(path: Path, what: str = "flow file") -> YamlDocument:
    """Read and parse a YAML file (``what`` names it in messages); problems are in ``issues``.

    At most :data:`MAX_FILE_BYTES` are read; a UTF-8 BOM is skipped (editors on Windows add one).
    """
    source = str(path)
    document = YamlDocument(source)
    try:
        with open(path, "rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        document.add_at_index(0, f"cannot read the {what}: {error.strerror or error}")
        return document
    if len(data) > MAX_FILE_BYTES:
        document.add_at_index(
            0, f"the {what} is larger than {MAX_FILE_BYTES // 1024} KiB", "is this the right file?"
        )
        return document
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        document.text = data[: error.start].decode("utf-8-sig", errors="replace")
        document.add_at_index(
            len(document.text),
            f"the {what} is not UTF-8 text (byte 0x{data[error.start]:02x} here)",
            "save it as UTF-8",
        )
        return document
    return YamlDocument.parse(text, source)


def _merged_items(node: yaml.MappingNode, seen: set[int] | None = None) -> list[tuple[yaml.Node, yaml.Node]]:
    """Key/value pairs brought in by ``<<: *anchor`` merge keys (each mapping once: merges can loop)."""
    seen = set() if seen is None else seen
    seen.add(id(node))
    merged: list[tuple[yaml.Node, yaml.Node]] = []
    for key_node, value_node in node.value:
        if key_node.tag != _MERGE_TAG:
            continue
        sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
        for source in sources:
            if isinstance(source, yaml.MappingNode) and id(source) not in seen:
                merged.extend(_items(source, seen))
    return merged


def _items(node: yaml.MappingNode, seen: set[int] | None = None) -> list[tuple[yaml.Node, yaml.Node]]:
    own = [(k, v) for k, v in node.value if k.tag != _MERGE_TAG]
    return own + _merged_items(node, seen)


# ---------------------------------------------------------------- pydantic errors -> messages
_PATTERN_HINTS = {
    NAME_PATTERN: ("is not a valid name", "use lower-case letters, digits and _ only"),
    r"^\+?[0-9][0-9 ().-]{2,30}$": (
        "is not a phone number",
        'write digits, spaces and + - ( ), e.g. "+1 202 555 0100"',
    ),
    r"^[0-9*#]$": ("is not a telephone key", 'use one of 0-9, * or #, quoted: "9"'),
    r"^https?://\S+$": ("is not an http(s) URL", "write e.g. http://127.0.0.1:8099/book"),
    r"^[A-Za-z0-9_]+/\S+$": ("is not a dial string", "write TECH/resource, e.g. PJSIP/agent"),
    r"^[A-Za-z0-9_+-]+$": ("is not an espeak-ng voice name", "e.g. en-us, cmn, ko"),
    r"^[0-9A-Za-z_*#+]+$": ("is not a dialplan extension", 'e.g. "100" or s'),
}
_MISSING_HINTS = {
    "identity": 'add identity: {company: ..., purpose: ..., callback_number: "..."}',
    "states": "add states: with at least one state",
    "start": "add start: NAME_OF_FIRST_STATE",
    "then": "add then: {end: ...} for when the retries run out",
    "intents": 'add intents: {yes: ["yes"], no: ["no"]}',
}


def _strip(tp: Any) -> Any:
    """Drop Annotated and Optional wrappers from a type."""
    while True:
        if get_origin(tp) is Annotated:
            tp = get_args(tp)[0]
        elif get_origin(tp) in (Union, UnionType) and len(members := _non_none(tp)) == 1:
            tp = members[0]
        else:
            return tp


def _non_none(tp: Any) -> list[Any]:
    return [member for member in get_args(tp) if member is not type(None)]


def _walk(loc: tuple[Any, ...]) -> tuple[Any, tuple[Any, ...]]:
    """The type pydantic validated at ``loc`` (None if unknown), and ``loc`` without the union
    tags pydantic inserts (``transition``/``retry``), which are not keys of the document."""
    tp: Any = Flow
    clean: list[Any] = []
    for index, segment in enumerate(loc):
        tp = _strip(tp)
        origin = get_origin(tp)
        if origin in (Union, UnionType):
            tagged = [
                m for m in _non_none(tp) if get_origin(m) is Annotated and Tag(str(segment)) in get_args(m)
            ]
            tp = get_args(tagged[0])[0] if tagged else None
            continue
        clean.append(segment)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            field = tp.model_fields.get(str(segment))
            tp = field.annotation if field else None
        elif origin is dict:
            tp = None if segment == "[key]" else get_args(tp)[1]
        elif origin in (tuple, list):
            tp = get_args(tp)[0]
        else:
            tp = None
        if tp is None:
            return None, (*clean, *loc[index + 1 :])
    return _strip(tp), tuple(clean)


def _type_at(loc: tuple[Any, ...]) -> Any:
    return _walk(loc)[0]


def _keys_at(loc: tuple[Any, ...]) -> list[str]:
    tp = _type_at(loc)
    return list(tp.model_fields) if isinstance(tp, type) and issubclass(tp, BaseModel) else []


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text '{_shown(value)}'"
    return "a list" if isinstance(value, list) else "a mapping"


def describe_error(detail: Any) -> tuple[str, str, bool]:
    """(message, hint, point at the key?) for one pydantic error of a flow."""
    kind, loc, value = detail["type"], tuple(detail["loc"]), detail.get("input")
    ctx = detail.get("ctx") or {}
    keys = _walk(loc)[1]
    name = next((str(s) for s in reversed(keys) if isinstance(s, str) and s != "[key]"), "value")
    # A message quotes the input: keep a pasted paragraph or a 5000-digit number to one readable line.
    name, value = _shown(name), _shown(value, 60) if isinstance(value, str) else value
    if kind == "extra_forbidden":
        allowed = _keys_at(loc[:-1])
        hint = did_you_mean(name, allowed) or (f"allowed keys here: {', '.join(allowed)}" if allowed else "")
        return f"unknown key '{name}'", hint, True
    if kind == "invalid_key":
        return f"key {loc[-1] if loc else ''} must be text", 'put it in quotes, e.g. "1":', True
    if kind == "missing":
        return f"missing required key '{name}'", _MISSING_HINTS.get(name, f"add {name}:"), True
    if kind == "string_pattern_mismatch":
        what, hint = _PATTERN_HINTS.get(
            ctx.get("pattern", ""), ("does not match " + ctx.get("pattern", ""), "")
        )
        if ctx.get("pattern") == NAME_PATTERN and isinstance(value, str):
            hint += f", e.g. '{re.sub(r'[^a-z0-9_]+', '_', value.lower()).strip('_') or 'name'}'"
        return f"'{value}' {what}", hint, loc[-1] == "[key]"
    if kind == "string_type":
        hint = f'put it in quotes: "{value}"' if isinstance(value, int | float | bool) else ""
        return f"{name}: expected text, found {_kind(value)}", hint, False
    if kind == "string_too_short":
        return f"{name}: must not be empty", f"write the {name} text, or remove the key", True
    if kind in ("bool_type", "bool_parsing"):
        return f"{name}: expected true or false, found {_kind(value)}", "", False
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"{name}: expected a whole number, found {_kind(value)}", "", False
    if kind in ("greater_than_equal", "less_than_equal"):
        bound = "at least" if kind == "greater_than_equal" else "at most"
        limit = ctx.get("ge", ctx.get("le"))
        return f"{name}: must be {bound} {limit}, found {value}", "", False
    if kind in ("tuple_type", "list_type"):
        hint = (
            f'write it as a list: ["{value}"]' if isinstance(value, str) else "write it as [a, b] or - items"
        )
        return f"{name}: expected a list, found {_kind(value)}", hint, False
    if kind == "too_short":
        return f"{name}: must not be empty", f"add at least one entry under {name}", True
    if kind == "literal_error":
        return f"{name}: '{value}' is not allowed", f"use one of {ctx.get('expected', '')}", False
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return _describe_not_mapping(loc, name, value)
    return str(detail["msg"]), "", False


def _describe_not_mapping(loc: tuple[Any, ...], name: str, value: Any) -> tuple[str, str, bool]:
    tp = _type_at(loc)
    if tp is Transition and isinstance(value, str):
        hint = f"write {{goto: {value}}} to go to that state, or {{end: ...}} / {{transfer: ...}}"
        return f"{name}: a transition is a mapping, found {_kind(value)}", hint, False
    if tp is State and value is None:
        return f"state '{name}' is empty", "give it say: and next:, or say:, listen: and on:", True
    keys = _keys_at(loc)
    hint = f"keys allowed here: {', '.join(keys)}" if keys else ""
    return f"{name}: expected a mapping (key: value lines), found {_kind(value)}", hint, False


def _report_validation_error(document: YamlDocument, error: ValidationError) -> None:
    for detail in error.errors(include_url=False):
        loc = _walk(tuple(detail["loc"]))[1]
        message, hint, at_key = describe_error(detail)
        flow_key = (detail.get("ctx") or {}).get("flow_key")
        if flow_key:
            loc, at_key = (*loc, flow_key), True
        document.add_at_path(loc, message, hint, at_key=at_key)


def load_flow_text(text: str, source: str = "<flow>", base_dir: Path | None = None) -> Flow:
    """Parse and validate a flow from YAML text; ``source`` names it in messages.

    ``base_dir`` is the folder ``play:`` paths are relative to (checked when given).
    Raises :class:`FlowError` listing every problem found.
    """
    return _load_document(YamlDocument.parse(text, source), base_dir)


def load_flow(path: Path) -> Flow:
    """Load and validate a flow file; raises :class:`FlowError` listing every problem."""
    return _load_document(read_document(Path(path), "flow file"), Path(path).parent)


def _load_document(document: YamlDocument, base_dir: Path | None) -> Flow:
    if not document.ok:
        raise FlowError(document.issues)
    if document.root is None or not isinstance(document.data, dict):
        found = "nothing" if document.root is None else _kind(document.data)
        line = document.root.start_mark.line + 1 if document.root is not None else 1
        issue = FlowIssue(
            document.source,
            line,
            1,
            f"a flow file must be a mapping of keys, found {found}",
            "start from an example in flows/, e.g. flows/survey_ko.yaml",
        )
        raise FlowError([*document.issues, issue])
    try:
        flow = Flow.model_validate(document.data)
    except ValidationError as error:
        _report_validation_error(document, error)
        # Whole-flow checks need a well-shaped flow; they run once these are fixed.
        raise FlowError(document.issues) from None
    for problem in check_flow(flow, base_dir):
        document.add_problem(problem)
    if document.issues:
        raise FlowError(document.issues)
    return flow.with_base_dir(base_dir)


def load_flows(paths: list[Path]) -> list[Flow]:
    """Load and validate every file; report every broken one together."""
    flows: list[Flow] = []
    issues: list[FlowIssue] = []
    for path in sorted(paths):
        try:
            flows.append(load_flow(path))
        except FlowError as exc:
            issues += exc.issues
    if issues:
        raise FlowError(issues)
    return flows
