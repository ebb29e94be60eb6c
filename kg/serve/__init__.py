"""``kg serve``: the built graph as a local web service.

A SPARQL 1.1 Protocol endpoint (``/sparql``, with the YASGUI query page), the named
queries over HTTP (``/queries/NAME?format=csv``) and pages to browse people,
organisations, meetings and reports with the evidence of every fact::

    from kg.serve import serve
    serve("out", port=7878)                   # http://127.0.0.1:7878/ until Ctrl-C

    from kg.serve import create_app           # the ASGI app, for any ASGI server or test client
    from kg.store import GraphStore
    app = create_app(GraphStore.open("out"))

Engine: pyoxigraph (the same store and queries as ``kg query``) behind Starlette and
uvicorn; :mod:`kg.serve.engine` (SPARQL without HTTP), :mod:`kg.serve.pages` (HTML),
:mod:`kg.serve.app` (routes). Binds to 127.0.0.1 unless told otherwise.
"""
from __future__ import annotations

import contextlib
import signal
import socket
import sys
import threading
from pathlib import Path

from .app import CACHE_BYTES, TIMEOUT, create_app
from .engine import MAX_ROWS

__all__ = ["serve", "create_app", "TIMEOUT", "MAX_ROWS", "CACHE_BYTES", "LOCAL_HOSTS"]

DEFAULT_PORT = 7878
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def serve(graph: str | Path, *, host: str = "127.0.0.1", port: int = DEFAULT_PORT, timeout: float = TIMEOUT,
          allow_service: bool = False, max_rows: int = MAX_ROWS, cache_bytes: int = CACHE_BYTES,
          access_log: bool = False, ready=None) -> None:
    """Serve the graph in folder ``graph`` on ``host:port`` until interrupted (SIGINT/SIGTERM).

    ``port=0`` takes a free port. The store is read-only, so answers are cached, at most
    ``cache_bytes`` (0: none). ``ready(url)`` is called once the socket listens (the
    default prints the URL). Raises :class:`kg.store.GraphNotFoundError` without a graph
    and :class:`OSError` when the address cannot be bound.
    """
    import uvicorn

    from ..store import GraphStore

    store = GraphStore.open(graph)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Answers go out as two writes (headers, body): without TCP_NODELAY (inherited by the
    # accepted connections) the second waits for the client's delayed ACK, ~40 ms.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        store.close()
        raise
    sock.listen(128)
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{bound}/"
    # On the loopback address only requests naming it are served (no DNS rebinding).
    allowed = ["127.0.0.1", "localhost"] if host in ("127.0.0.1", "localhost") else None
    app = create_app(store, timeout=timeout, allow_service=allow_service, max_rows=max_rows,
                     cache_bytes=cache_bytes, allowed_hosts=allowed)
    config = uvicorn.Config(app, log_level="warning", access_log=access_log, lifespan="off",
                            timeout_graceful_shutdown=5)
    server = _Server(config)
    # The neighbourhood networks of the pages come from one read of the graph: read it now.
    threading.Thread(target=app.state.service.site.network, name="kg-network-read", daemon=True).start()
    (ready or (lambda u: print(f"serving {graph} at {u} (SPARQL: {u}sparql); Ctrl-C to stop", flush=True)))(url)
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
        store.close()
    sys.stdout.flush()


def _server_class():
    import uvicorn

    class Server(uvicorn.Server):
        """uvicorn's server, stopping on SIGINT/SIGTERM without re-raising the signal
        afterwards (so a stop asked for is a clean exit, status 0)."""

        @contextlib.contextmanager
        def capture_signals(self):
            if threading.current_thread() is not threading.main_thread():
                yield
                return
            previous = {s: signal.signal(s, self.handle_exit) for s in (signal.SIGINT, signal.SIGTERM)}
            try:
                yield
            finally:
                for s, handler in previous.items():
                    signal.signal(s, handler)

    return Server


def _Server(config):
    return _server_class()(config)
