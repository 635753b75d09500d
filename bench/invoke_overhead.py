"""In-process invoke overhead: ``component.invoke("crmGetRecord")`` vs a raw ``httpx.Client`` GET.

Both fetch the same record from the sandbox (served by a separate process, over loopback) with the
same access token, interleaved in rounds so drift affects both alike. Target: invoke within 1.25x.

    .venv/bin/python bench/invoke_overhead.py [--calls 300] [--rounds 7]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx

# The sandbox in its own process, so its work does not share our GIL. Until the sandbox creates
# its listening socket with IPPROTO_TCP, asyncio does not set TCP_NODELAY on accepted connections
# and every keep-alive response stalls ~40 ms on delayed ACKs; the bench then binds it correctly.
SANDBOX_PROCESS = """
import socket, sys
import connector.sandbox.server as server

probe = server._bind("127.0.0.1", 0)
if probe.proto != socket.IPPROTO_TCP:
    def bind_tcp(host, port):
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(2048)
        sock.setblocking(False)
        return sock
    server._bind = bind_tcp
    print("note: sandbox bound with IPPROTO_TCP by the bench (TCP_NODELAY)", file=sys.stderr)
probe.close()
sys.exit(server.serve_forever("127.0.0.1", 0))
"""


@contextlib.contextmanager
def sandbox_process() -> Iterator[dict[str, Any]]:
    """Start ``connector sandbox`` in a child process; yields its ready line (url, connection)."""
    child = subprocess.Popen([sys.executable, "-c", SANDBOX_PROCESS], stdout=subprocess.PIPE, text=True,
                             cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    try:
        assert child.stdout is not None
        ready = json.loads(child.stdout.readline())
        yield ready
    finally:
        child.terminate()
        child.wait(10)


def first_lead_id(url: str, token: str) -> str:
    answer = httpx.get(f"{url}/crm/v8/Leads", params={"fields": "Last_Name", "per_page": 1},
                       headers={"Authorization": f"Zoho-oauthtoken {token}"})
    answer.raise_for_status()
    return str(answer.json()["data"][0]["id"])


def per_call_seconds(action: Callable[[], Any], calls: int) -> float:
    started = time.perf_counter()
    for _ in range(calls):
        action()
    return (time.perf_counter() - started) / calls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()

    import connector
    from connector.auth.store import MemoryTokenStore
    from connector.runtime.runtime import Runtime

    with sandbox_process() as ready:
        url, document = ready["url"], ready["connection"]
        token = document["token"]["access_token"]
        record_id = first_lead_id(url, token)
        fields = "Last_Name,Email"
        component = connector.load_component()
        inputs = {"recordType": "Leads", "recordId": record_id, "fields": fields}

        with Runtime(token_store=MemoryTokenStore()) as runtime, httpx.Client() as raw_client:
            headers = {"Authorization": f"Zoho-oauthtoken {token}", "Accept": "application/json"}

            def raw() -> Any:
                answer = raw_client.get(f"{url}/crm/v8/Leads/{record_id}", params={"fields": fields},
                                        headers=headers)
                answer.raise_for_status()
                return answer.json()

            def invoke() -> Any:
                return component.invoke("crmGetRecord", inputs, connection=document, runtime=runtime).data

            assert invoke() == raw()  # same request, same answer
            for _ in range(50):  # warm both connections and caches
                raw()
                invoke()
            raw_times, invoke_times = [], []
            for round_number in range(args.rounds):
                order = [(raw, raw_times), (invoke, invoke_times)]
                for action, times in order if round_number % 2 == 0 else reversed(order):
                    times.append(per_call_seconds(action, args.calls))

    raw_ms, invoke_ms = statistics.median(raw_times) * 1000, statistics.median(invoke_times) * 1000
    print(json.dumps({
        "benchmark": "invoke_overhead",
        "calls_per_round": args.calls, "rounds": args.rounds,
        "raw_httpx_ms_per_call": round(raw_ms, 3),
        "invoke_ms_per_call": round(invoke_ms, 3),
        "overhead_ms_per_call": round(invoke_ms - raw_ms, 3),
        "ratio": round(invoke_ms / raw_ms, 3),
        "target_ratio": 1.25,
    }, indent=2))


if __name__ == "__main__":
    main()
