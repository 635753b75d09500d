"""Writing a connection document back to disk after ``connector auth`` obtained a token.

The raw (unexpanded) document is rewritten, so ``${ENV}`` references in other fields survive; the
file is replaced atomically and created readable by its owner only, since it holds the tokens.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import httpx
import yaml

from connector.auth.datacentres import origin
from connector.auth.document import TokenSet

_URL_FIELDS = ("authorizeUrl", "tokenUrl", "revokeUrl")


def with_token(raw: Mapping[str, Any], token: TokenSet, *,
               accounts_server: str | None = None) -> dict[str, Any]:
    """A copy of ``raw`` holding ``token``; the URL fields move to ``accounts_server`` when given."""
    document = dict(raw)
    document["token"] = token.model_dump(exclude_none=True)
    if accounts_server:
        fields = dict(document.get("fields") or {})
        for key in _URL_FIELDS:
            value = fields.get(key)
            if isinstance(value, str) and "${" not in value and origin(value) != accounts_server:
                url = httpx.URL(value)
                target = httpx.URL(accounts_server)
                fields[key] = str(url.copy_with(scheme=target.scheme, host=target.host, port=target.port))
        document["fields"] = fields
    return document


def write_connection_file(path: str | os.PathLike[str], document: Mapping[str, Any]) -> None:
    """Write ``document`` as JSON (``.json``) or YAML (anything else), mode 0600, atomically."""
    target = Path(path)
    text = (json.dumps(document, indent=2) + "\n" if target.suffix == ".json"
            else yaml.safe_dump(dict(document), sort_keys=False))
    target.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)  # mode 0600
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
