"""The state JSON's one schema (share/xdeps/state.schema.json): every state a
kernel test receives, from `%deps --json` or the `xdeps` comm, is checked
against it."""

import json
import os

import jsonschema

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SCHEMA_PATH = os.path.join(ROOT, "share", "xdeps", "state.schema.json")

with open(SCHEMA_PATH) as schema_file:
    SCHEMA = json.load(schema_file)


def validator(definition):
    """A validator for one of the schema's definitions (draft 7 ignores the
    root's own `$ref` beside this one)."""
    return jsonschema.Draft7Validator(dict(SCHEMA, **{"$ref": f"#/definitions/{definition}"}))


STATE = validator("state")
STATE_MESSAGE = validator("state_message")


def problems(checker, document):
    return [f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}"
            for e in sorted(checker.iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))]


def validated_state(document):
    """`document`, after checking it is a state JSON."""
    found = problems(STATE, document)
    assert not found, "state JSON does not match its schema:\n  " + "\n  ".join(found) + f"\n{document}"
    return document


def validated_message(data):
    """A comm message's data, after checking it is a state message."""
    found = problems(STATE_MESSAGE, data)
    assert not found, "comm message does not match its schema:\n  " + "\n  ".join(found) + f"\n{data}"
    return data


def check_message(message):
    """Checks an iopub message that carries a state: an `xdeps` comm message,
    or a display of `%deps --json`."""
    content = message["content"]
    if message["msg_type"] == "comm_msg" and isinstance(content.get("data"), dict) \
            and content["data"].get("type") == "state":
        validated_message(content["data"])
    elif message["msg_type"] in ("display_data", "execute_result"):
        document = content.get("data", {}).get("application/json")
        if isinstance(document, dict) and "cells" in document and "version" in document:
            validated_state(document)
