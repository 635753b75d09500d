"""Requests per second the sandbox serves over loopback: a CRM get-record and a 200-record list page.

The sandbox runs as ``connector sandbox`` in its own process (as clients see it); the load comes
from a lean asyncio client on keep-alive connections, so the figure is the server's, not httpx's.
Both requests are measured on the seed data, then again after ``POST /__sandbox__/seed`` has added
``--seed`` Leads (100,000 by default; how long that takes is reported too).

    python bench/sandbox_rps.py [--seconds 3] [--connections 8] [--seed 100000] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import time
from dataclasses import dataclass

LEAD_ID = "5725767000101000001"
LIST_PATH = "/crm/v8/Leads?fields=Last_Name,First_Name,Email,Phone,Company,City&per_page=200"


@dataclass
class Result:
    name: str
    requests: int
    seconds: float
    errors: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds


async def _read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    await reader.readexactly(length)
    return status


async def _worker(host: str, port: int, request: bytes, deadline: float, counts: list[int]) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while time.perf_counter() < deadline:
            writer.write(request)
            status = await _read_response(reader)
            counts[0 if status == 200 else 1] += 1
    finally:
        writer.close()


async def _measure(
    name: str, host: str, port: int, path: str, token: str, seconds: float, connections: int
) -> Result:
    request = (
        f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAuthorization: Zoho-oauthtoken {token}\r\n\r\n"
    ).encode()
    warmup = [0, 0]
    await asyncio.gather(*(_worker(host, port, request, time.perf_counter() + 0.3, warmup) for _ in range(2)))
    counts = [0, 0]
    started = time.perf_counter()
    deadline = started + seconds
    await asyncio.gather(*(_worker(host, port, request, deadline, counts) for _ in range(connections)))
    return Result(name, counts[0], time.perf_counter() - started, counts[1])


def seed_leads(url: str, count: int) -> float:
    """Seconds the sandbox takes to generate ``count`` more Leads."""
    import httpx  # only here: the load itself comes from the lean client above

    started = time.perf_counter()
    answer = httpx.post(f"{url}/__sandbox__/seed", json={"crm": {"Leads": count}}, timeout=300)
    answer.raise_for_status()
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--seed", type=int, default=100_000, help="Leads to add before the second pass")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    args = parser.parse_args()

    server = subprocess.Popen(
        [sys.executable, "-m", "connector", "sandbox", "--port", "0"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert server.stdout is not None
        ready = json.loads(server.stdout.readline())
        host, port = ready["url"].removeprefix("http://").rsplit(":", 1)
        token = ready["connection"]["token"]["access_token"]

        def measure_both(label: str) -> list[Result]:
            return [
                asyncio.run(_measure(f"CRM get record{label}", host, int(port), f"/crm/v8/Leads/{LEAD_ID}",
                                     token, args.seconds, args.connections)),
                asyncio.run(_measure(f"CRM list, 200 records{label}", host, int(port), LIST_PATH, token,
                                     args.seconds, args.connections)),
            ]

        results = measure_both("")
        seed_seconds = seed_leads(ready["url"], args.seed) if args.seed else None
        if args.seed:
            results += measure_both(f" ({args.seed:,} more Leads)")
    finally:
        server.terminate()
        server.wait(10)
    if args.json:
        print(json.dumps({
            "benchmark": "sandbox_rps", "connections": args.connections, "seconds": args.seconds,
            "seeded_leads": args.seed, "seed_seconds": round(seed_seconds, 2) if seed_seconds else None,
            "results": [{"request": r.name, "rps": round(r.rps, 1), "requests": r.requests,
                         "errors": r.errors} for r in results],
        }, indent=2))
    else:
        header = f"{'request':<48}{'req/s':>10}{'requests':>10}{'errors':>8}"
        print(f"{header}   ({args.connections} keep-alive connections)")
        for result in results:
            print(f"{result.name:<48}{result.rps:>10.0f}{result.requests:>10}{result.errors:>8}")
        if seed_seconds is not None:
            print(f"seeding {args.seed:,} Leads took {seed_seconds:.2f} s")
    return 1 if any(r.errors for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
