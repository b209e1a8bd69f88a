"""The state JSON's schema (share/xdeps/state.schema.json) is a valid JSON
Schema, says what the code sends (the kernel's states are checked against it
in every kernel test), matches docs/comm.md, and is the source of the
extension's TypeScript types."""

import copy
import json
import os
import re
import subprocess
import sys

import jsonschema

from state_schema import ROOT, SCHEMA, STATE, STATE_MESSAGE, problems, validated_message, validated_state

GENERATOR = os.path.join(ROOT, "labextension", "schema_to_ts.py")


def documented_messages():
    """The JSON examples of docs/comm.md."""
    with open(os.path.join(ROOT, "docs", "comm.md")) as f:
        return [json.loads(block) for block in re.findall(r"```json\n(.*?)```", f.read(), re.S)]


def example_message():
    [message] = documented_messages()
    return message


def test_the_schema_is_a_valid_draft7_schema():
    jsonschema.Draft7Validator.check_schema(SCHEMA)


def test_the_documented_message_matches_the_schema():
    message = example_message()
    validated_message(message)
    validated_state(message["state"])


def test_the_schema_rejects_maps_where_the_code_sends_arrays():
    state = example_message()["state"]
    as_maps = copy.deepcopy(state)
    as_maps["cells"][0]["read_versions"] = {"A": 1, "f": 1}
    as_maps["cells"][0]["write_versions"] = {"r": 1}
    found = problems(STATE, as_maps)
    assert any(p.startswith("cells/0/read_versions") for p in found), found
    assert any(p.startswith("cells/0/write_versions") for p in found), found


def test_the_schema_holds_the_conditional_fields():
    state = example_message()["state"]
    outdated = copy.deepcopy(state)
    outdated["cells"][0]["read_versions"][0].update(outdated=True, outdated_by="<cell id>", outdated_symbol="A")
    assert problems(STATE, outdated) == []
    del outdated["cells"][0]["read_versions"][0]["outdated_by"]
    assert problems(STATE, outdated), "an outdated read names the cell that outdated it"
    written_without_version = copy.deepcopy(state)
    del written_without_version["cells"][0]["write_versions"][0]["version"]
    assert problems(STATE, written_without_version), "a write that is not a deletion has a version"
    deleted = copy.deepcopy(state)
    deleted["cells"][0]["write_versions"] = [{"symbol": "r", "deleted": True}]
    assert problems(STATE, deleted) == []


def test_fields_may_be_added_and_reasons_may_carry_mutated_and_text():
    message = example_message()
    message["state"]["later_field"] = {"any": "thing"}
    reason = message["state"]["cells"][0]["reasons"][0]
    reason.update(mutated=True, text="reads `A` (via `f`), changed by [4]", later_field=1)
    assert problems(STATE_MESSAGE, message) == []
    reason["mutated"] = "yes"
    assert problems(STATE_MESSAGE, message), "`mutated` is a boolean"


def test_a_message_needs_its_cause_and_a_known_status():
    message = example_message()
    message["cause"] = None
    assert problems(STATE_MESSAGE, message) == []
    del message["cause"]
    assert problems(STATE_MESSAGE, message), "`cause` is null or the execution, never absent"
    message = example_message()
    message["state"]["cells"][0]["status"] = "outdated"
    assert problems(STATE_MESSAGE, message)


def test_the_extension_types_are_generated_from_the_current_schema():
    checked = subprocess.run([sys.executable, GENERATOR, "--check"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
