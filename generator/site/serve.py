"""A local preview server for a built site, on 127.0.0.1 only."""

from __future__ import annotations

import contextlib
import functools
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


def serve_folder(folder: Path, port: int) -> None:
    """Serve `folder`'s files at http://127.0.0.1:<port>/ until interrupted (Ctrl-C); raises
    OSError if the port cannot be bound."""
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    with server, contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
