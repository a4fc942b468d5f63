"""flows/flow.schema.json is current, and every shipped flow validates against it.

The project has no JSON Schema library, so a small validator for the keywords pydantic
emits lives here; a broken flow checks that it does reject things.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.flow.schema_export import SCHEMA_PATH, json_schema, render_schema

FLOWS = Path(__file__).resolve().parents[2] / "flows"
FIXTURES = Path(__file__).parent / "fixtures" / "flows"


class _YamlLoader(yaml.SafeLoader):
    """YAML 1.2 booleans, as yaml-language-server and the flow loader read them."""

    yaml_implicit_resolvers = {  # noqa: RUF012 - class attribute of PyYAML's design
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


_YamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def schema_errors(value: Any, schema: dict[str, Any], root: dict[str, Any], path: str = "$") -> list[str]:
    """Errors of ``value`` against a JSON Schema (the subset pydantic generates)."""
    if "$ref" in schema:
        target: Any = root
        for part in schema["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        return schema_errors(value, target, root, path)
    errors: list[str] = []
    types = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}
    kind = schema.get("type")
    if kind == "integer":
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif kind == "number":
        ok = isinstance(value, int | float) and not isinstance(value, bool)
    else:
        ok = kind is None or isinstance(value, types[kind])
    if not ok:
        return [f"{path}: expected {kind}, got {value!r}"]
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{path}: {value!r} not in {schema['enum']}")
    if "const" in schema and value != schema["const"]:
        errors.append(f"{path}: {value!r} != {schema['const']!r}")
    if isinstance(value, str):
        if "pattern" in schema and not re.search(schema["pattern"], value):
            errors.append(f"{path}: {value!r} does not match {schema['pattern']}")
        if len(value) < schema.get("minLength", 0):
            errors.append(f"{path}: too short")
    if isinstance(value, int | float) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            errors.append(f"{path}: below minimum")
        if "maximum" in schema and value > schema["maximum"]:
            errors.append(f"{path}: above maximum")
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            errors.append(f"{path}: too few items")
        for index, item in enumerate(value):
            errors += schema_errors(item, schema.get("items", {}), root, f"{path}[{index}]")
    if isinstance(value, dict):
        errors += _object_errors(value, schema, root, path)
    for sub in schema.get("allOf", []):
        errors += schema_errors(value, sub, root, path)
    if "anyOf" in schema and all(schema_errors(value, sub, root, path) for sub in schema["anyOf"]):
        errors.append(f"{path}: matches none of anyOf")
    if "oneOf" in schema:
        matching = sum(not schema_errors(value, sub, root, path) for sub in schema["oneOf"])
        if matching != 1:
            errors.append(f"{path}: matches {matching} of oneOf")
    if "not" in schema and not schema_errors(value, schema["not"], root, path):
        errors.append(f"{path}: matches a forbidden schema")
    return errors


def _object_errors(value: dict[str, Any], schema: dict[str, Any], root: Any, path: str) -> list[str]:
    errors = [f"{path}: missing {key}" for key in schema.get("required", []) if key not in value]
    if len(value) < schema.get("minProperties", 0):
        errors.append(f"{path}: too few properties")
    properties = schema.get("properties", {})
    extra = schema.get("additionalProperties", True)
    for key, item in value.items():
        if "propertyNames" in schema:
            errors += schema_errors(key, schema["propertyNames"], root, f"{path}.<{key}>")
        if key in properties:
            errors += schema_errors(item, properties[key], root, f"{path}.{key}")
        elif extra is False:
            errors.append(f"{path}: unexpected key {key}")
        elif isinstance(extra, dict):
            errors += schema_errors(item, extra, root, f"{path}.{key}")
    return errors


def load_yaml(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_YamlLoader)


def test_committed_schema_is_current() -> None:
    assert SCHEMA_PATH == FLOWS / "flow.schema.json"
    assert SCHEMA_PATH.read_text(encoding="utf-8") == render_schema(), (
        "flows/flow.schema.json is stale: run `python -m bot.flow.schema_export`"
    )


def test_schema_is_for_editors() -> None:
    schema = json_schema()
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert schema["additionalProperties"] is False
    assert {"name", "language", "identity", "start", "states"} <= set(schema["required"])
    state = schema["$defs"]["State"]
    assert state["properties"]["say"] == {
        "description": "Text spoken by TTS.",
        "minLength": 1,
        "title": "Say",
        "type": "string",
    }


@pytest.mark.parametrize("path", sorted(FLOWS.glob("*.yaml")), ids=lambda path: path.name)
def test_shipped_flow_validates_against_the_schema(path: Path) -> None:
    schema = json_schema()
    assert schema_errors(load_yaml(path), schema, schema) == []


@pytest.mark.parametrize(
    ("fixture", "error"),
    [
        ("unknown_key.yaml", "unexpected key sya"),
        ("wrong_type.yaml", "$.identity.callback_number: expected string"),
        ("bad_duration.yaml", "timeout: expected string"),
        ("many_problems.yaml", "matches a forbidden schema"),  # say and play together
    ],
)
def test_schema_rejects_broken_flows(fixture: str, error: str) -> None:
    schema = json_schema()
    errors = schema_errors(load_yaml(FIXTURES / fixture), schema, schema)
    assert any(error in message for message in errors), errors


def test_schema_file_is_json() -> None:
    assert json.loads(SCHEMA_PATH.read_text(encoding="utf-8")) == json_schema()
