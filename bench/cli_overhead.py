"""``connector run`` process wall time vs a bare Python process making the same request with httpx.

Both fetch the same CRM record from the sandbox (a separate, long-running process) with the same
token; each command runs N times, interleaved, and the medians are compared. Target: within 2x.

Two conditions, so the figure matches what users get:
- the package's bytecode is compiled first (``compileall``), as ``pip install`` does. Without it, an
  environment with PYTHONDONTWRITEBYTECODE=1 (this project's sandbox machines) recompiles every
  connector module on every run, which no installed copy does;
- besides this virtualenv as it is, both commands also run with ``rich`` and ``pygments`` hidden. They
  are dev-only extras here, and when present ``import httpx`` loads them (~35 ms) for its own command
  line, which makes the bare baseline slower than in a production install and flatters the ratio.

    .venv/bin/python bench/cli_overhead.py [--runs 15]
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from invoke_overhead import first_lead_id, sandbox_process

BARE_REQUEST = """
import sys, httpx
answer = httpx.get(sys.argv[1], params={"fields": "Last_Name,Email"},
                   headers={"Authorization": "Zoho-oauthtoken " + sys.argv[2], "Accept": "application/json"})
answer.raise_for_status()
sys.stdout.write(answer.text)
"""


def wall_time(command: list[str], env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{command[:4]} failed ({done.returncode}): {done.stderr[-500:]}")
    return elapsed, done.stdout


def hide_modules(directory: Path, names: list[str]) -> None:
    """Stub packages that fail to import, shadowing the installed ones (as if not installed)."""
    for name in names:
        (directory / name).mkdir(parents=True, exist_ok=True)
        stub = directory / name / "__init__.py"
        stub.write_text(f"raise ImportError('{name} hidden by the benchmark')\n")


def median_ms(commands: list[tuple[list[str], dict[str, str]]], runs: int) -> list[float]:
    """Median wall time (ms) of each (command, environment); every round runs all of them, in an
    order rotated by one each round, so load drifting on a shared machine hits them alike."""
    times: list[list[float]] = [[] for _ in commands]
    for number in range(runs):
        for offset in range(len(commands)):
            index = (number + offset) % len(commands)
            command, env = commands[index]
            times[index].append(wall_time(command, env)[0])
    return [statistics.median(samples) * 1000 for samples in times]


def connector_command() -> list[str]:
    """The installed console script when there is one (what users run), else ``python -m``."""
    script = Path(sys.executable).with_name("connector")
    return [str(script)] if script.exists() else [sys.executable, "-m", "connector"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    home = tempfile.mkdtemp(prefix="connector-bench-")
    env = {**os.environ, "CONNECTOR_HOME": home}
    package = Path(__file__).resolve().parent.parent / "connector"
    compileall.compile_dir(str(package), quiet=1)
    hidden = Path(home) / "hidden"
    hide_modules(hidden, ["rich", "pygments"])
    search_path = os.pathsep.join(filter(None, [str(hidden), env.get("PYTHONPATH")]))
    without_extras = {**env, "PYTHONPATH": search_path}
    try:
        with sandbox_process() as ready:
            url, document = ready["url"], ready["connection"]
            token = document["token"]["access_token"]
            record_id = first_lead_id(url, token)
            connection_file = Path(home) / "connection.json"
            connection_file.write_text(json.dumps(document))
            run = [*connector_command(), "run", "crmGetRecord", "-i", "recordType=Leads",
                   "-i", f"recordId={record_id}", "-i", "fields=Last_Name,Email",
                   "--connection", str(connection_file)]
            bare = [sys.executable, "-c", BARE_REQUEST, f"{url}/crm/v8/Leads/{record_id}", token]

            _, run_output = wall_time(run, env)  # also fills the definition cache, as a first run does
            _, bare_output = wall_time(bare, env)
            assert json.loads(run_output) == {"data": json.loads(bare_output)}, "different answers"
            run_ms, bare_ms, lean_run_ms, lean_bare_ms = median_ms(
                [(run, env), (bare, env), (run, without_extras), (bare, without_extras)], args.runs)
    finally:
        shutil.rmtree(home, ignore_errors=True)

    print(json.dumps({
        "benchmark": "cli_overhead",
        "runs": args.runs,
        "command": " ".join(run[:3]) + " ...",
        "bare_python_httpx_ms": round(bare_ms, 1),
        "connector_run_ms": round(run_ms, 1),
        "ratio": round(run_ms / bare_ms, 3),
        "without_rich_pygments": {
            "bare_python_httpx_ms": round(lean_bare_ms, 1),
            "connector_run_ms": round(lean_run_ms, 1),
            "ratio": round(lean_run_ms / lean_bare_ms, 3),
        },
        "target_ratio": 2.0,
    }, indent=2))


if __name__ == "__main__":
    main()
