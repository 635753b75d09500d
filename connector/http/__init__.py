"""HTTP plumbing shared by the drivers: retry decisions (``retry``), client and transport setup
(``transports``), debug logging (``debug``) and credential redaction (``redact``)."""
