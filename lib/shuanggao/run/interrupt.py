"""Ctrl-C stops a build, also when it comes while code runs that catches every exception.

Python raises KeyboardInterrupt wherever the main thread is when SIGINT arrives; a bare `except:` in a library
(the data validation runs in this process while the first notebooks start) catches it, and the build went on to
the end and exited 0 (the full suite's Ctrl-C test, on a loaded machine). So the signal is also remembered, and
the scheduler asks at each step whether it came.
"""
from __future__ import annotations

import signal
import threading


class Interrupts:
    """While the block runs, SIGINT raises KeyboardInterrupt and is remembered for `check`. Where Ctrl-C is
    ignored (a job started in the background) or this is not the main thread, nothing changes."""

    def __init__(self) -> None:
        self.seen = False
        self.previous = None

    def __enter__(self) -> Interrupts:
        if (threading.current_thread() is threading.main_thread()
                and signal.getsignal(signal.SIGINT) is signal.default_int_handler):
            self.previous = signal.signal(signal.SIGINT, self._interrupted)
        return self

    def _interrupted(self, signum, frame):
        self.seen = True
        raise KeyboardInterrupt

    def check(self) -> None:
        """Raise KeyboardInterrupt if Ctrl-C came, whatever caught it since."""
        if self.seen:
            raise KeyboardInterrupt

    def __exit__(self, *exc) -> bool:
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)
        return False
