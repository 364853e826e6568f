"""Serve the built site as a static host does: the precompressed `.br` or `.gz` copy when the browser accepts
it, so that what is measured locally (bench/lighthouse.py) is what readers get."""
from __future__ import annotations

import functools
import http.server
import os
from pathlib import Path


class CompressedHandler(http.server.SimpleHTTPRequestHandler):
    quiet = False

    def send_head(self):
        translated = self.translate_path(self.path)
        if "\x00" in translated:
            # A percent-encoded NUL (%00) names no file: a clear reply, not a traceback and an empty one.
            self.send_error(400, "Bad request: the path holds a NUL character")
            return None
        path = Path(translated)
        accepted = self.headers.get("Accept-Encoding", "")
        if path.is_file():
            for suffix, coding in ((".br", "br"), (".gz", "gzip")):
                packed = path.with_name(path.name + suffix)
                if coding in accepted and packed.is_file():
                    f = open(packed, "rb")  # noqa: SIM115 - closed by the base class after copying
                    self.send_response(200)
                    self.send_header("Content-Type", self.guess_type(str(path)))
                    self.send_header("Content-Encoding", coding)
                    self.send_header("Content-Length", str(os.fstat(f.fileno()).st_size))
                    self.send_header("Vary", "Accept-Encoding")
                    self.end_headers()
                    return f
        return super().send_head()

    def log_message(self, *args):
        if not self.quiet:
            super().log_message(*args)


def server(folder: Path, port: int = 8000, host: str = "127.0.0.1", quiet: bool = False):
    handler = functools.partial(type("Handler", (CompressedHandler,), {"quiet": quiet}), directory=str(folder))
    return http.server.ThreadingHTTPServer((host, port), handler)
