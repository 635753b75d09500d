"""Every benchmark in one go (about three and a half minutes), summarised as Markdown.

Each benchmark runs in its own process with bounded settings; the scripts that measure for a fixed
time (sandbox and service requests per second) run ``--rounds`` times and each figure is the median
over rounds. The other scripts take medians of interleaved rounds themselves. Raw results go to
``--out`` as JSON.

    .venv/bin/python bench/run_all.py [--rounds 3] [--out bench-results.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent

# script -> arguments; each prints one JSON object (first thing on stdout).
SETTINGS: dict[str, list[str]] = {
    "load_component": ["--json"],
    "invoke_overhead": ["--calls", "200", "--rounds", "5"],
    "cli_overhead": ["--runs", "9"],
    "async_throughput": ["--requests", "600", "--concurrency", "16", "--rounds", "3"],
    "sandbox_rps": ["--seconds", "1.5", "--seed", "100000", "--json"],
    "service_rps": ["--concurrency", "16", "64", "--seconds", "2", "--warmup", "0.5"],
    "sandbox_work": ["--rounds", "3"],
}
REPEATED = ("sandbox_rps", "service_rps")


def machine() -> dict[str, Any]:
    model = platform.processor() or "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {"cpus": os.cpu_count(), "cpu_model": model, "python": platform.python_version(),
            "load_average_1m_before": round(os.getloadavg()[0], 2)}


def run_script(name: str) -> dict[str, Any]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, str(BENCH / f"{name}.py"), *SETTINGS[name]], capture_output=True,
                          text=True, cwd=BENCH.parent, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{name} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    result, _ = json.JSONDecoder().raw_decode(done.stdout.lstrip())
    result["elapsed_s"] = round(time.perf_counter() - started, 1)
    return dict(result)


def median_rows(rounds: list[list[dict[str, Any]]], key: str, value: str) -> list[dict[str, Any]]:
    """Rows of the first round with ``value`` replaced by its median over all rounds (rows matched by
    position: every round measures the same things in the same order)."""
    rows = []
    for position, row in enumerate(rounds[0]):
        samples = [rows_of_round[position][value] for rows_of_round in rounds]
        rows.append({**row, value: statistics.median(samples), "samples": samples, key: row[key]})
    return rows


def summary(results: dict[str, Any], info: dict[str, Any]) -> str:
    lines = [f"Machine: {info['cpus']} CPUs, {info['cpu_model']}, Python {info['python']}; "
             f"1-minute load average {info['load_average_1m_before']} before, "
             f"{info['load_average_1m_after']} after.", ""]

    invoke = results["invoke_overhead"]
    cli = results["cli_overhead"]
    lean = cli["without_rich_pygments"]
    lines += ["| figure | connector | raw baseline | ratio | target |", "|---|---|---|---|---|",
              f"| in-process `invoke` crmGetRecord, ms/call | {invoke['invoke_ms_per_call']} | "
              f"{invoke['raw_httpx_ms_per_call']} (httpx.Client GET) | {invoke['ratio']} | <= 1.25 |",
              f"| `connector run` process, ms | {cli['connector_run_ms']} | {cli['bare_python_httpx_ms']} "
              f"(python + httpx GET) | {cli['ratio']} | <= 2 |",
              f"| same, rich/pygments hidden (production install), ms | {lean['connector_run_ms']} | "
              f"{lean['bare_python_httpx_ms']} | {lean['ratio']} | <= 2 |", ""]

    rates = results["async_throughput"]["requests_per_second"]
    lines += ["Async, 16 concurrent tasks, crmGetRecord against the sandbox (median req/s of 3 rounds):", "",
              "| variant | req/s | vs raw aiohttp |", "|---|---|---|"]
    lines += [f"| {name} | {rate} | {rate / rates['raw-aiohttp']:.2f} |" for name, rate in rates.items()]
    lines.append("")

    sandbox = results["sandbox_rps"]
    lines += [f"Sandbox alone ({sandbox['connections']} keep-alive connections, lean client; median of "
              f"{len(sandbox['rounds'])} rounds); seeding {sandbox['seeded_leads']:,} Leads took "
              f"{statistics.median(sandbox['seed_seconds']):.2f} s (median):", "",
              "| request | req/s | rounds |", "|---|---|---|"]
    lines += [f"| {row['request']} | {row['rps']:.0f} | {', '.join(f'{s:.0f}' for s in row['samples'])} |"
              for row in sandbox["median"]]
    lines.append("")

    service = results["service_rps"]
    lines += ["Service (`connector serve`), crmGetRecord, median of rounds:", "",
              "| clients | service req/s | p50 ms | p99 ms | in-process ainvoke req/s "
              "| sandbox direct req/s |",
              "|---|---|---|---|---|---|"]
    lines += [f"| {row['concurrency']} | {row['service']:.0f} | {row['p50_ms']} | {row['p99_ms']} | "
              f"{row['in_process']:.0f} | {row['sandbox_direct']:.0f} |" for row in service["median"]]
    lines.append("")

    work = results["sandbox_work"]
    lines += [f"Sandbox work in process (median of {work['rounds']} alternated rounds; ratio to a trivial "
              "baseline over the same data):", "",
              "| work | ms | baseline | baseline ms | ratio |", "|---|---|---|---|---|"]
    baselines = {"coql": "list comprehension, one filter pass over 100,000 Leads",
                 "like": "200 x regex search for `b` (one scan)",
                 "seed": "list comprehension of 100,000 dicts"}
    for group, label in (("coql", "COQL over 100,000 Leads: {}"), ("like", "200 x LIKE {}"),
                         ("seed", "seed {}")):
        lines += [f"| {label.format(name)} | {row['work_ms']} | {baselines[group]} | {row['baseline_ms']} | "
                  f"{row['ratio']} |" for name, row in work[group].items()]
    lines.append("")

    load = results["load_component"]["ms"]
    lines += ["Start-up (fresh interpreter, median of 7; ms):", "", "| step | ms |", "|---|---|"]
    lines += [f"| {label} | {value} |" for label, value in load.items()]
    return "\n".join(lines)


def service_rows(round_result: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"concurrency": row["service"]["concurrency"], "service": row["service"]["rps"],
             "p50_ms": row["service"]["p50_ms"], "p99_ms": row["service"]["p99_ms"],
             "in_process": row["in_process"]["rps"], "sandbox_direct": row["sandbox_direct"]["rps"]}
            for row in round_result["results"]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the fixed-time benchmarks")
    parser.add_argument("--out", type=Path, help="write every raw result here as JSON")
    args = parser.parse_args()
    info = machine()
    results: dict[str, Any] = {}
    for name in SETTINGS:
        rounds = args.rounds if name in REPEATED else 1
        outcomes = []
        for number in range(rounds):
            print(f"running {name} ({number + 1}/{rounds})...", file=sys.stderr, flush=True)
            outcomes.append(run_script(name))
        results[name] = outcomes[0] if rounds == 1 else {"rounds": outcomes}
    sandbox = results["sandbox_rps"]
    sandbox.update(connections=sandbox["rounds"][0]["connections"],
                   seeded_leads=sandbox["rounds"][0]["seeded_leads"],
                   seed_seconds=[r["seed_seconds"] for r in sandbox["rounds"]],
                   median=median_rows([r["results"] for r in sandbox["rounds"]], "request", "rps"))
    service = results["service_rps"]
    per_round = [service_rows(r) for r in service["rounds"]]
    service["median"] = [
        {**row, **{field: statistics.median(rows[i][field] for rows in per_round)
                   for field in ("service", "p50_ms", "p99_ms", "in_process", "sandbox_direct")}}
        for i, row in enumerate(per_round[0])]
    info["load_average_1m_after"] = round(os.getloadavg()[0], 2)
    if args.out:
        args.out.write_text(json.dumps({"machine": info, "results": results}, indent=2))
    print(summary(results, info))


if __name__ == "__main__":
    main()
