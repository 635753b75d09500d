"""How long loading the bundled component takes: it is paid on every CLI call.

    .venv/bin/python bench/load_component.py

Prints the median of several fresh-interpreter runs for `import connector`, `import connector;
connector.load_component()` and `connector actions --json`, and the in-process load time.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

RUNS = 7
BIN = Path(sys.executable).parent


def wall(command: list[str]) -> float:
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main() -> None:
    python = sys.executable
    load = "import connector; connector.load_component()"
    commands = {
        "import connector": [python, "-c", "import connector"],
        "import connector; load_component()": [python, "-c", load],
        "connector actions --json": [str(BIN / "connector"), "actions", "--json"],
    }
    for label, command in commands.items():
        print(f"{label:<48}{wall(command) * 1000:7.1f} ms")

    from connector.definitions.loader import load_definitions
    from connector.definitions.locate import bundled_root

    load_definitions(bundled_root())  # warm imports
    samples = []
    for _ in range(20):
        started = time.perf_counter()
        load_definitions(bundled_root())
        samples.append(time.perf_counter() - started)
    print(f"{'load_definitions (in process, imports warm)':<48}{statistics.median(samples) * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
