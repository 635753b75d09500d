"""Throughput of ``connector serve`` for a cheap action (crmGetRecord) against the sandbox.

Three processes, so no two share a GIL: the sandbox, the service (``connector serve``, access log
on, written to a file), and this load generator (aiohttp, one keep-alive connection per client).
For each concurrency level, clients loop on ``POST /actions/crmGetRecord/invoke`` for a fixed time
after a warm-up; we report requests per second, latency percentiles and errors. For scale, two
more loops at the same concurrency: ``component.ainvoke`` in this process (the in-process figure:
what the service adds is HTTP serving), and the sandbox's ``GET /crm/v8/Leads/{id}`` straight from
aiohttp (the ceiling, since every invocation makes that request).

The sandbox's simulated CRM concurrency limit (20 in-flight, as Zoho Enterprise) is raised here:
this measures the service, not Zoho's throttling.

    .venv/bin/python bench/service_rps.py [--concurrency 16 64] [--seconds 5] [--warmup 1]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import httpx

ROOT = Path(__file__).resolve().parent.parent

# The sandbox in its own process with the CRM concurrency limit lifted. Its listening socket is
# created with IPPROTO_TCP so asyncio sets TCP_NODELAY on accepted connections (else every
# keep-alive answer can wait ~40 ms for a delayed ACK and we would measure that instead).
SANDBOX_SCRIPT = """
import socket, sys
import connector.sandbox.server as server
from connector.sandbox.config import SandboxConfig

def bind_tcp(host, port):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.setblocking(False)
    return sock

server._bind = bind_tcp
sys.exit(server.serve_forever("127.0.0.1", 0, config=SandboxConfig(crm_concurrency_limit=100_000)))
"""


@contextlib.contextmanager
def child(command: list[str], env: dict[str, str] | None = None,
          stderr: Any = subprocess.DEVNULL) -> Iterator[dict[str, Any]]:
    """Start a process that prints a JSON ready line; yield that line; terminate it afterwards."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=stderr, text=True, cwd=ROOT, env=env)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line:
            raise RuntimeError(f"{command[:4]} exited before it was ready")
        yield json.loads(line)
    finally:
        process.terminate()
        process.wait(30)


async def load(url: str, *, method: str, body: Any, headers: dict[str, str], concurrency: int,
               seconds: float, warmup: float) -> dict[str, Any]:
    """``concurrency`` clients looping on one request for ``warmup + seconds``; the warm-up is not counted."""
    latencies: list[float] = []
    errors: dict[str, int] = {}
    connector = aiohttp.TCPConnector(limit=concurrency, force_close=False)
    payload = json.dumps(body).encode() if body is not None else None
    async with aiohttp.ClientSession(connector=connector) as session:
        started = time.perf_counter()
        measure_from, stop_at = started + warmup, started + warmup + seconds

        async def client() -> None:
            while (now := time.perf_counter()) < stop_at:
                try:
                    async with session.request(method, url, data=payload, headers=headers) as response:
                        await response.read()
                        status = response.status
                except aiohttp.ClientError as failure:
                    status, now = -1, time.perf_counter()
                    errors[type(failure).__name__] = errors.get(type(failure).__name__, 0) + 1
                done = time.perf_counter()
                if now >= measure_from and done <= stop_at:
                    if status == 200:
                        latencies.append(done - now)
                    elif status != -1:
                        errors[str(status)] = errors.get(str(status), 0) + 1

        await asyncio.gather(*(client() for _ in range(concurrency)))
    ordered = sorted(latencies)

    def percentile(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000, 2) if ordered else 0.0

    return {"concurrency": concurrency, "requests": len(latencies),
            "rps": round(len(latencies) / seconds, 1),
            "p50_ms": percentile(0.50), "p95_ms": percentile(0.95), "p99_ms": percentile(0.99),
            "mean_ms": round(statistics.fmean(ordered) * 1000, 2) if ordered else 0.0,
            "errors": errors}


async def load_in_process(document: dict[str, Any], inputs: dict[str, Any], *, concurrency: int,
                          seconds: float, warmup: float) -> dict[str, Any]:
    """``concurrency`` tasks looping on ``component.ainvoke`` with one shared runtime."""
    import connector
    from connector.auth.store import MemoryTokenStore
    from connector.runtime.runtime import Runtime

    component = connector.load_component()
    completed = 0
    failures: dict[str, int] = {}
    async with Runtime(token_store=MemoryTokenStore()) as runtime:
        await component.ainvoke("crmGetRecord", inputs, connection=document, runtime=runtime)
        started = time.perf_counter()
        measure_from, stop_at = started + warmup, started + warmup + seconds

        async def task() -> None:
            nonlocal completed
            while (now := time.perf_counter()) < stop_at:
                try:
                    await component.ainvoke("crmGetRecord", inputs, connection=document, runtime=runtime)
                except connector.ConnectorError as failure:
                    failures[failure.kind] = failures.get(failure.kind, 0) + 1
                    continue
                if now >= measure_from and time.perf_counter() <= stop_at:
                    completed += 1

        await asyncio.gather(*(task() for _ in range(concurrency)))
    return {"concurrency": concurrency, "requests": completed, "rps": round(completed / seconds, 1),
            "errors": failures}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", type=int, nargs="+", default=[16, 64])
    parser.add_argument("--seconds", type=float, default=5.0, help="measured time per level")
    parser.add_argument("--warmup", type=float, default=1.0)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as home, \
            child([sys.executable, "-c", SANDBOX_SCRIPT]) as sandbox:
        sandbox_url, document = sandbox["url"], sandbox["connection"]
        connection_file = Path(home) / "connection.json"
        connection_file.write_text(json.dumps(document))
        token = document["token"]["access_token"]
        listed = httpx.get(f"{sandbox_url}/crm/v8/Leads", params={"fields": "Last_Name", "per_page": 1},
                           headers={"Authorization": f"Zoho-oauthtoken {token}"})
        listed.raise_for_status()
        record_id = str(listed.json()["data"][0]["id"])

        env = {**os.environ, "CONNECTOR_HOME": home}
        env.pop("CONNECTOR_API_KEY", None)
        with open(Path(home) / "service.log", "w") as service_log, child(
                [sys.executable, "-m", "connector", "serve", "--port", "0",
                 "--connection", str(connection_file)], env=env, stderr=service_log) as service:
            invoke_url = f"{service['url']}/actions/crmGetRecord/invoke"
            body = {"inputs": {"recordType": "Leads", "recordId": record_id, "fields": "Last_Name,Email"}}
            check = httpx.post(invoke_url, json=body)
            assert check.status_code == 200, check.text
            direct_url = f"{sandbox_url}/crm/v8/Leads/{record_id}?fields=Last_Name,Email"
            direct_headers = {"Authorization": f"Zoho-oauthtoken {token}"}
            results = []
            for concurrency in args.concurrency:
                service_result = asyncio.run(load(
                    invoke_url, method="POST", body=body, headers={"Content-Type": "application/json"},
                    concurrency=concurrency, seconds=args.seconds, warmup=args.warmup))
                in_process_result = asyncio.run(load_in_process(
                    document, body["inputs"], concurrency=concurrency, seconds=args.seconds,
                    warmup=args.warmup))
                direct_result = asyncio.run(load(
                    direct_url, method="GET", body=None, headers=direct_headers,
                    concurrency=concurrency, seconds=args.seconds, warmup=args.warmup))
                results.append({"service": service_result, "in_process": in_process_result,
                                "sandbox_direct": direct_result})

    # Load average matters on shared machines: the three processes compete with everything else.
    print(json.dumps({"benchmark": "service_rps", "action": "crmGetRecord", "seconds": args.seconds,
                      "cpus": os.cpu_count(), "load_average_1m": round(os.getloadavg()[0], 2),
                      "results": results}, indent=2))
    print("\n| concurrent clients | service req/s | p50 ms | p95 ms | p99 ms | errors "
          "| in-process ainvoke req/s | sandbox direct req/s |")
    print("|---|---|---|---|---|---|---|---|")
    for row in results:
        s, p, d = row["service"], row["in_process"], row["sandbox_direct"]
        print(f"| {s['concurrency']} | {s['rps']} | {s['p50_ms']} | {s['p95_ms']} | {s['p99_ms']} | "
              f"{sum(s['errors'].values())} | {p['rps']} | {d['rps']} |")


if __name__ == "__main__":
    main()
