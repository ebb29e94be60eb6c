"""Fixtures of the server tests: built graphs (the seeds; a report full of markup) and
``kg serve`` running on a free loopback port in its own process, stopped at the end."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import pytest

from ..conftest import ROOT, artifacts_folder
from ..factories import FakeExtractor, Script, org

EVIL_NAME = "<img src=x onerror=alert(1)>"
EVIL_ROLE = "主席</script>"
EVIL_ORG = "<svg onload=alert(6)>总工会"
EVIL_TEXT = ("<b onmouseover=alert(4)>标题</b></title><script>alert(5)</script>\n"
             f"本报讯 {EVIL_NAME}当选为{EVIL_ORG}{EVIL_ROLE}。他说</script><script>alert(2)</script>，又说<!--完。\n"
             "会议在兰州召开。\n")


@pytest.fixture(scope="session")
def seeds_graph(seeds_built) -> Path:
    """Output folder of ``kg build seeds`` (real extraction)."""
    return seeds_built


@pytest.fixture(scope="session")
def evil_graph(tmp_path_factory) -> Path:
    """A graph of one report whose text, names, role and organisation are markup."""
    import kg.build

    root = tmp_path_factory.mktemp("serve-evil")
    (root / "reports").mkdir()
    (root / "reports" / "evil.txt").write_text(EVIL_TEXT, encoding="utf-8")
    script = Script(memberships=[(EVIL_NAME, EVIL_ROLE, org(EVIL_ORG))],
                    meetings=[("m1", org(EVIL_ORG), "会议", date(2022, 3, 4), True)],
                    participations=[(EVIL_NAME, "attended", "m1")])
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sys.modules["kg.build"], "extract_all", FakeExtractor({"evil": script}))
        kg.build.build([root / "reports"], root / "out")
    return root / "out"


class Server:
    """``kg serve`` in a child process; ``url`` once it listens."""

    def __init__(self, graph: Path, *args: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kg", "serve", "--graph", str(graph), "--port", "0", *args],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        line = self._first_line(60)
        m = re.search(r"(http://127\.0\.0\.1:\d+/)", line)
        if not m:
            self.stop()
            raise RuntimeError(f"kg serve did not start: {line!r} {self.proc.stderr.read()}")
        self.url = m.group(1)

    def _first_line(self, timeout: float) -> str:
        box: list[str] = []
        reader = threading.Thread(target=lambda: box.append(self.proc.stdout.readline()), daemon=True)
        reader.start()
        reader.join(timeout)
        return box[0] if box else ""

    def stop(self) -> int:
        """SIGTERM, as a service manager stops it; the exit status."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
                raise
        for f in (self.proc.stdout, self.proc.stderr):
            f.close()
        return self.proc.returncode


@pytest.fixture(scope="module")
def server(seeds_graph):
    """``kg serve`` of the seeds graph; it must stop cleanly (exit 0, no process left)."""
    srv = Server(seeds_graph)
    yield srv
    assert srv.stop() == 0
    assert srv.proc.poll() is not None


@pytest.fixture(scope="session")
def seeds_app(seeds_graph):
    """Starlette's test client of the app over the seeds graph (no sockets)."""
    from starlette.testclient import TestClient

    from kg.serve import create_app
    from kg.store import GraphStore

    with GraphStore.open(seeds_graph) as store, TestClient(create_app(store, max_rows=1000)) as client:
        yield client


@pytest.fixture(scope="session")
def evil_app(evil_graph):
    from starlette.testclient import TestClient

    from kg.serve import create_app
    from kg.store import GraphStore

    with GraphStore.open(evil_graph) as store, TestClient(create_app(store)) as client:
        yield client


@pytest.fixture(scope="session")
def artifacts(tmp_path_factory) -> Path:
    """Where screenshots go: ``$KG_TEST_ARTIFACTS`` or a pytest temporary folder ``serve-artifacts``."""
    return artifacts_folder(tmp_path_factory, "serve-artifacts")

#: Every host name stays unresolvable, as for the views, but the loopback address is let
#: through (Chromium maps even address literals otherwise): the server under test is there.
LOOPBACK_ONLY = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium that reaches 127.0.0.1 only; skipped (outside CI) without one."""
    from kg.views.chromium import Chromium, find_chromium

    if not find_chromium():
        if os.environ.get("CI"):
            pytest.fail("no Chromium in CI: .ci/run installs the Debian package `chromium`")
        pytest.skip("no Chromium found: apt-get install chromium (or set KG_CHROMIUM)")
    with Chromium(extra_flags=(LOOPBACK_ONLY,)) as chromium:
        yield chromium
