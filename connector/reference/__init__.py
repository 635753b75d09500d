"""Generated reference documentation (``connector docs``) and the example payloads behind it."""

from connector.reference.files import differences, reference_files, write_reference
from connector.reference.render import render_pages

__all__ = ["differences", "reference_files", "render_pages", "write_reference"]
