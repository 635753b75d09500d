#!/usr/bin/env python
"""Capture each action's example output from the embedded sandbox into its definition file.

    .venv/bin/python scripts/capture_examples.py              # every action
    .venv/bin/python scripts/capture_examples.py crmGetRecord # some actions
    .venv/bin/python scripts/capture_examples.py --dry-run    # print, write nothing

Each action runs with its inputs from connector/reference/examples.py against a freshly reset
sandbox, and its output replaces the ``examplePayload:`` block of actions/<key>.yaml (the rest of
the file is left as written). Run `connector docs` afterwards to refresh docs/reference/.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

import connector
from connector.auth.store import MemoryTokenStore
from connector.reference.examples import EXAMPLE_INPUTS, run_example
from connector.reference.payload_block import set_example_payload
from connector.runtime.runtime import Runtime
from connector.sandbox.config import SandboxConfig
from connector.sandbox.server import SandboxServer

ACTIONS_DIR = Path(__file__).resolve().parents[1] / "actions"
# The sandbox and the runtime share a frozen clock, so timestamps and page tokens in the captured
# outputs (and so the committed files) are the same on every run.
CAPTURED_AT = datetime(2026, 1, 15, 10, 0, tzinfo=UTC).timestamp()


def frozen_clock() -> float:
    return CAPTURED_AT


def capture(keys: list[str]) -> dict[str, Any]:
    """Each action's output against a sandbox reset to its seed data before the action runs."""
    component = connector.load_component()
    captured: dict[str, Any] = {}
    sandbox_server = SandboxServer(config=SandboxConfig(clock=frozen_clock))
    with sandbox_server as sandbox, Runtime(token_store=MemoryTokenStore(), clock=frozen_clock) as runtime:

        def invoke(key: str, inputs: Mapping[str, Any]) -> Any:
            return component.invoke(key, inputs, connection=sandbox.connection, runtime=runtime).to_dict()

        for key in keys:
            httpx.post(f"{sandbox.url}/__sandbox__/reset", timeout=10).raise_for_status()
            captured[key] = run_example(key, invoke)
    return captured


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("keys", nargs="*", metavar="KEY", help="actions to capture (default: all)")
    parser.add_argument("--dry-run", action="store_true", help="print the outputs as JSON, write nothing")
    parser.add_argument("--actions-dir", type=Path, default=ACTIONS_DIR,
                        help="directory of the action files to update (default: %(default)s)")
    options = parser.parse_args(argv)
    unknown = sorted(set(options.keys) - set(EXAMPLE_INPUTS))
    if unknown:
        parser.error(f"no example inputs for {', '.join(unknown)}")
    captured = capture(options.keys or sorted(EXAMPLE_INPUTS))
    if options.dry_run:
        json.dump(captured, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    for key, payload in captured.items():
        path = options.actions_dir / f"{key}.yaml"
        text = path.read_text(encoding="utf-8")
        updated = set_example_payload(text, payload)
        if updated != text:
            path.write_text(updated, encoding="utf-8")
            print(f"updated {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
