"""The Zoho sandbox: a local simulator of Zoho Accounts, CRM v8 and Books v3 behind one base URL.

    app.create_app(config)          the ASGI app (in-process use through httpx.ASGITransport)
    server.SandboxServer            served on loopback in a thread (tests, ``connector run --sandbox``)
    server.serve_forever            ``connector sandbox``: ready JSON line, runs until SIGINT/SIGTERM

Inside: ``gate`` (edge: path hygiene, body cap, request log and counters, CRM concurrency, faults,
authentication) in front of ``oauth_routes`` (Accounts), ``crm_routes`` (records, upsert,
attachments, COQL, metadata), Books (``books``, mounted at /books/v3) and ``control`` (/__sandbox__/).
State lives in ``state.SandboxState``: ``accounts``, ``crm`` (``crm_store``), ``books``, counters,
faults. Seed data is deterministic: the same records on every start (``crm_seed``).
"""
