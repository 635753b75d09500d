"""``connector serve``: the HTTP service workflow engines call (see :mod:`connector.service.app`)."""
