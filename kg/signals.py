"""SIGTERM handled as SIGINT is: it raises :class:`Terminated` (a ``KeyboardInterrupt``), so
that ``finally`` blocks run and a build removes its staging folder on the way out.

An exception raised by a signal handler can be swallowed where Python ignores exceptions
(an at-fork callback, a ``__del__``); long work calls :func:`check` at safe points, so a
SIGTERM is never lost.
"""
from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager


class Terminated(KeyboardInterrupt):
    """The process got SIGTERM."""


_received: int | None = None


def _handler(signum, frame) -> None:
    global _received
    _received = signum
    raise Terminated()


@contextmanager
def sigterm_raises() -> Iterator[None]:
    """While inside, SIGTERM raises :class:`Terminated` (in the main thread)."""
    global _received
    _received = None
    previous = signal.signal(signal.SIGTERM, _handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def check() -> None:
    """Raise :class:`Terminated` if SIGTERM came (and its exception was swallowed)."""
    if _received is not None:
        raise Terminated()
