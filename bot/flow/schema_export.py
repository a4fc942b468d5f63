"""JSON Schema of the flow format, for editor completion via yaml-language-server.

``flows/flow.schema.json`` is generated from the models; regenerate it with
``python -m bot.flow.schema_export`` (a unit test fails when it is stale).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from bot.flow.schema import Flow

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "flows" / "flow.schema.json"


class _EditorSchema(GenerateJsonSchema):
    """Pydantic's schema, tuned for editors: optional keys are not nullable, and
    name-keyed mappings (states, intents) constrain their keys with ``propertyNames``."""

    def nullable_schema(self, schema: core_schema.NullableSchema) -> JsonSchemaValue:
        # `say: null` is never what an author means; offer the real type only.
        return self.generate_inner(schema["schema"])

    def default_schema(self, schema: core_schema.WithDefaultSchema) -> JsonSchemaValue:
        result = super().default_schema(schema)
        if result.get("default", ...) is None:
            del result["default"]
        return result

    def dict_schema(self, schema: core_schema.DictSchema) -> JsonSchemaValue:
        result = super().dict_schema(schema)
        patterns = result.pop("patternProperties", None)
        if patterns and len(patterns) == 1:
            ((pattern, values),) = patterns.items()
            result["propertyNames"] = {"pattern": pattern}
            result["additionalProperties"] = values
        elif patterns:
            result["patternProperties"] = patterns
        return result


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft-07 compatible) of a flow file."""
    schema = Flow.model_json_schema(schema_generator=_EditorSchema)
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "Clearcall flow",
        "description": "A Clearcall call script; see flows/README.md.",
        **{key: value for key, value in schema.items() if key not in ("title", "description")},
    }


def render_schema() -> str:
    """The schema as the text committed in ``flows/flow.schema.json``."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write the schema to the given path (default ``flows/flow.schema.json``)."""
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else SCHEMA_PATH
    path.write_text(render_schema(), encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
