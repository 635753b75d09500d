"""``ainvoke`` throughput at 16-way concurrency, beside raw httpx and raw aiohttp.

Every variant fetches the same CRM record from the sandbox (a separate process, over loopback)
with the same token, from N concurrent tasks; rounds are interleaved and the median requests per
second of each variant is reported:

    raw-aiohttp          aiohttp.ClientSession
    raw-httpx            httpx.AsyncClient, its default (httpcore) transport
    raw-httpx-aiohttp    httpx.AsyncClient over httpx_aiohttp.AiohttpTransport
    ainvoke-httpx        component.ainvoke on a Runtime given httpx's default async transport
    ainvoke (default)    component.ainvoke on a default Runtime (aiohttp transport)

    .venv/bin/python bench/async_throughput.py [--requests 2000] [--concurrency 16] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import statistics
import time
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import httpx
from httpx_aiohttp import AiohttpTransport
from invoke_overhead import first_lead_id, sandbox_process

import connector
from connector.auth.store import MemoryTokenStore
from connector.runtime.runtime import Runtime


async def measure(request: Callable[[], Awaitable[Any]], total: int, concurrency: int) -> float:
    """Requests per second for ``total`` requests issued by ``concurrency`` workers."""
    remaining = total

    async def worker() -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            await request()

    for _ in range(concurrency):  # warm the pool: one connection per worker
        await asyncio.gather(*[request() for _ in range(concurrency)])
    started = time.perf_counter()
    await asyncio.gather(*[worker() for _ in range(concurrency)])
    return total / (time.perf_counter() - started)


async def run_all(url: str, document: dict[str, Any], total: int, concurrency: int,
                  rounds: int) -> dict[str, float]:
    """Median requests per second of each variant over ``rounds`` interleaved rounds."""
    token = document["token"]["access_token"]
    record_id = first_lead_id(url, token)
    target = f"{url}/crm/v8/Leads/{record_id}"
    params = {"fields": "Last_Name,Email"}
    headers = {"Authorization": f"Zoho-oauthtoken {token}", "Accept": "application/json"}
    component = connector.load_component()
    inputs = {"recordType": "Leads", "recordId": record_id, "fields": "Last_Name,Email"}

    async with contextlib.AsyncExitStack() as stack:
        session = await stack.enter_async_context(aiohttp.ClientSession())
        raw_httpx = await stack.enter_async_context(httpx.AsyncClient())
        raw_httpx_aiohttp = await stack.enter_async_context(httpx.AsyncClient(transport=AiohttpTransport()))
        runtime_httpx = await stack.enter_async_context(
            Runtime(token_store=MemoryTokenStore(), async_transport=httpx.AsyncHTTPTransport()))
        runtime = await stack.enter_async_context(Runtime(token_store=MemoryTokenStore()))

        async def raw_aiohttp() -> Any:
            async with session.get(target, params=params, headers=headers) as answer:
                answer.raise_for_status()
                return await answer.json()

        def raw_over(client: httpx.AsyncClient) -> Callable[[], Awaitable[Any]]:
            async def request() -> Any:
                answer = await client.get(target, params=params, headers=headers)
                answer.raise_for_status()
                return answer.json()
            return request

        def ainvoke_on(runtime: Runtime) -> Callable[[], Awaitable[Any]]:
            async def request() -> Any:
                return (await component.ainvoke("crmGetRecord", inputs, connection=document,
                                                runtime=runtime)).data
            return request

        variants = {"raw-aiohttp": raw_aiohttp, "raw-httpx": raw_over(raw_httpx),
                    "raw-httpx-aiohttp": raw_over(raw_httpx_aiohttp),
                    "ainvoke-httpx": ainvoke_on(runtime_httpx), "ainvoke": ainvoke_on(runtime)}
        rates: dict[str, list[float]] = {name: [] for name in variants}
        for _ in range(rounds):
            for name, request in variants.items():
                rates[name].append(await measure(request, total, concurrency))
    return {name: statistics.median(values) for name, values in rates.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with sandbox_process() as ready:
        results = asyncio.run(run_all(ready["url"], ready["connection"], args.requests, args.concurrency,
                                      args.rounds))
    print(json.dumps({
        "benchmark": "async_throughput",
        "requests": args.requests, "concurrency": args.concurrency, "rounds": args.rounds,
        "requests_per_second": {name: round(rate, 1) for name, rate in results.items()},
        "ainvoke_vs_raw_aiohttp": round(results["ainvoke"] / results["raw-aiohttp"], 3),
        "ainvoke_aiohttp_vs_ainvoke_httpx": round(results["ainvoke"] / results["ainvoke-httpx"], 3),
    }, indent=2))


if __name__ == "__main__":
    main()
