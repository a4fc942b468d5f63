"""Load a flow file: YAML -> :class:`Flow`, reporting every problem with its line and column.

The YAML is composed into nodes first (``yaml.compose``-style) so every value keeps its
position; pydantic's error locations and the whole-flow checks' paths are mapped back
onto those nodes. Schema problems are all reported together; the whole-flow checks
(targets, reachability, variables) need a well-shaped flow and run once it is.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, ClassVar, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, Tag, ValidationError

from bot.flow.errors import FlowError, FlowIssue
from bot.flow.schema import NAME_PATTERN, Flow, State, Transition
from bot.flow.validate import Problem, check_flow, did_you_mean

_BOOL_TAG = "tag:yaml.org,2002:bool"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_DROPPED_TAGS = {_BOOL_TAG, "tag:yaml.org,2002:timestamp"}


class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans: only true/false.

    YAML 1.1 reads ``yes``, ``no``, ``on`` and ``off`` as booleans, which would turn the
    intents ``yes:``/``no:`` and the ``on:`` key into True/False. Dates stay text too.
    """

    yaml_implicit_resolvers: ClassVar[dict[Any, Any]] = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag not in _DROPPED_TAGS]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


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
)


class _Document:
    """A composed YAML document plus the plain data built from it."""

    def __init__(self, text: str, source: str) -> None:
        self.text = text
        self.source = source
        self.issues: list[FlowIssue] = []
        self.root: yaml.Node | None = None
        self.data: Any = None
        self.syntax_ok = False
        self._loader = _Loader(text)
        try:
            self.root = self._loader.get_single_node()
        except yaml.MarkedYAMLError as error:
            self._syntax_issue(error)
            return
        finally:
            self._loader.dispose()
        self.syntax_ok = True
        if self.root is not None:
            self.data = self._build(self.root, ())

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
        stack = (*stack, id(node))
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            seen: dict[Any, yaml.Node] = {}
            for key_node, value_node in node.value:
                if key_node.tag == _MERGE_TAG:
                    continue
                if not isinstance(key_node, yaml.ScalarNode):
                    self.add(key_node, "a key must be plain text", "remove the brackets or braces around it")
                    continue
                key = self._loader.construct_object(key_node)
                if key in seen:
                    self.add(key_node, f"key '{key}' appears twice here; the second would silently win")
                    continue
                seen[key] = key_node
                result[key] = self._build(value_node, stack)
            for key_node, value_node in _merged_items(node):
                key = self._loader.construct_object(key_node)
                result.setdefault(key, self._build(value_node, stack))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self._build(item, stack) for item in node.value]
        return self._loader.construct_object(node)

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
                for candidate_key, candidate_value in _items(node):
                    if isinstance(candidate_key, yaml.ScalarNode) and candidate_key.value == str(segment):
                        node, key_node = candidate_value, candidate_key
                        break
            elif isinstance(node, yaml.SequenceNode) and isinstance(segment, int):
                if 0 <= segment < len(node.value):
                    node, key_node = node.value[segment], None
        return node, key_node

    def add_at_path(
        self, path: tuple[Any, ...], message: str, hint: str = "", *, at_key: bool = False
    ) -> None:
        """Record an issue at the YAML value (or its key) that ``path`` leads to."""
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


def _merged_items(node: yaml.MappingNode) -> list[tuple[yaml.Node, yaml.Node]]:
    """Key/value pairs brought in by ``<<: *anchor`` merge keys."""
    merged: list[tuple[yaml.Node, yaml.Node]] = []
    for key_node, value_node in node.value:
        if key_node.tag != _MERGE_TAG:
            continue
        sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
        for source in sources:
            if isinstance(source, yaml.MappingNode):
                merged.extend(_items(source))
    return merged


def _items(node: yaml.MappingNode) -> list[tuple[yaml.Node, yaml.Node]]:
    own = [(k, v) for k, v in node.value if k.tag != _MERGE_TAG]
    return own + _merged_items(node)


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
        return f"the text '{value}'"
    return "a list" if isinstance(value, list) else "a mapping"


def describe_error(detail: Any) -> tuple[str, str, bool]:
    """(message, hint, point at the key?) for one pydantic error of a flow."""
    kind, loc, value = detail["type"], tuple(detail["loc"]), detail.get("input")
    ctx = detail.get("ctx") or {}
    keys = _walk(loc)[1]
    name = next((str(s) for s in reversed(keys) if isinstance(s, str) and s != "[key]"), "value")
    if kind == "extra_forbidden":
        allowed = _keys_at(loc[:-1])
        hint = did_you_mean(name, allowed) or (f"allowed keys here: {', '.join(allowed)}" if allowed else "")
        return f"unknown key '{name}'", hint, True
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


def _report_validation_error(document: _Document, error: ValidationError) -> None:
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
    document = _Document(text, source)
    if not document.syntax_ok:
        raise FlowError(document.issues)
    if document.root is None or not isinstance(document.data, dict):
        found = "nothing" if document.root is None else _kind(document.data)
        line = document.root.start_mark.line + 1 if document.root is not None else 1
        issue = FlowIssue(
            source,
            line,
            1,
            f"a flow file must be a mapping of keys, found {found}",
            "start from an example in flows/, e.g. flows/survey_ko.yaml",
        )
        raise FlowError([issue])
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


def load_flow(path: Path) -> Flow:
    """Load and validate a flow file; raises :class:`FlowError` listing every problem."""
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")  # -sig: editors on Windows add a BOM
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise FlowError([FlowIssue(source, 1, 1, f"cannot read the flow file: {reason}")]) from None
    return load_flow_text(text, source, Path(path).parent)
