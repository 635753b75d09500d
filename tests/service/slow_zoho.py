"""A stand-in Zoho CRM API that answers record reads after a delay, to have invocations in flight."""

from __future__ import annotations

import threading
import time
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from connector.service.server import ServiceServer

ACCESS_TOKEN = "1000.slow-zoho-access-token"


class SlowZoho:
    """``GET /crm/v8/{module}/{id}`` sleeps ``delay_s`` (in a worker thread) and returns one record."""

    def __init__(self, delay_s: float) -> None:
        self.delay_s = delay_s
        self.received = threading.Event()
        self.answered = 0
        app = Starlette(routes=[Route("/crm/v8/{module}/{record_id}", self.get_record)])
        self.server = ServiceServer(app)

    async def get_record(self, request: Request) -> JSONResponse:
        self.received.set()
        import anyio

        await anyio.to_thread.run_sync(time.sleep, self.delay_s)
        self.answered += 1
        return JSONResponse({"data": [{"id": request.path_params["record_id"], "Last_Name": "Slow"}]})

    def connection(self) -> dict[str, Any]:
        return {"key": "zohoOAuth", "id": "slow-zoho",
                "fields": {"tokenUrl": self.server.url + "/oauth/v2/token", "clientId": "1000.SLOW",
                           "clientSecret": "slow-secret"},
                "token": {"access_token": ACCESS_TOKEN, "expires_at": time.time() + 3600,
                          "api_domain": self.server.url}}

    def __enter__(self) -> SlowZoho:
        self.server.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.server.stop()
