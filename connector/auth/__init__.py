"""Connection resolution: connection documents, data centres, the token store and token refresh."""

from connector.auth.document import (
    ConnectionDocument,
    ConnectionFields,
    TokenSet,
    connection_id,
    load_connection,
)
from connector.auth.session import ZohoSession, open_session
from connector.auth.store import (
    MemoryTokenStore,
    SqliteTokenStore,
    StoredToken,
    TokenStore,
    default_token_store,
)

__all__ = [
    "ConnectionDocument",
    "ConnectionFields",
    "MemoryTokenStore",
    "SqliteTokenStore",
    "StoredToken",
    "TokenSet",
    "TokenStore",
    "ZohoSession",
    "connection_id",
    "default_token_store",
    "load_connection",
    "open_session",
]
