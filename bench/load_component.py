"""How long loading the bundled component takes: it is paid on every CLI call.

    .venv/bin/python bench/load_component.py [--json]

Fresh-interpreter medians for a bare interpreter, ``import connector``, ``load_component()`` (the
definition cache warm, as on every call after the first) and ``connector actions --json``; then the
in-process load from the cache and the full validating load. The package's bytecode is compiled first,
as ``pip install`` does (see bench/cli_overhead.py for why that matters here).
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

RUNS = 7
BIN = Path(sys.executable).parent
PACKAGE = Path(__file__).resolve().parent.parent / "connector"


def wall(command: list[str], env: dict[str, str]) -> float:
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def in_process_ms(load: Callable[[], object], times: int = 20) -> float:
    load()  # warm imports (and the cache)
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        load()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of lines")
    args = parser.parse_args()
    compileall.compile_dir(str(PACKAGE), quiet=1)
    python = sys.executable
    load = "import connector; connector.load_component()"
    commands = {
        "python -c pass": [python, "-c", "pass"],
        "import httpx": [python, "-c", "import httpx"],
        "import connector": [python, "-c", "import connector"],
        "import connector; load_component()": [python, "-c", load],
        "connector actions --json": [str(BIN / "connector"), "actions", "--json"],
    }
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "CONNECTOR_HOME": home}
        subprocess.run([python, "-c", load], check=True, env=env)  # fill the definition cache
        for label, command in commands.items():
            figures[label] = wall(command, env) * 1000

        os.environ["CONNECTOR_HOME"] = home
        from connector.definitions.cache import load_definitions_cached
        from connector.definitions.loader import load_definitions
        from connector.definitions.locate import bundled_root

        root = bundled_root()
        figures["in process: load from the definition cache"] = in_process_ms(
            lambda: load_definitions_cached(root))
        figures["in process: full validating load"] = in_process_ms(lambda: load_definitions(root))

    if args.json:
        print(json.dumps({"benchmark": "load_component", "runs": RUNS,
                          "ms": {label: round(value, 1) for label, value in figures.items()}}, indent=2))
        return
    for label, value in figures.items():
        print(f"{label:<48}{value:7.1f} ms")


if __name__ == "__main__":
    main()
