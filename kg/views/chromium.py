"""A small headless-Chromium driver (DevTools protocol over ``--remote-debugging-pipe``).

Standard library only: Chromium reads protocol commands from its file descriptor 3 and
writes replies and events to descriptor 4, as NUL-terminated JSON. Used by the tests and
``benchmarks/viz_scale.py`` to open a view, wait until it has drawn, read values from the
page, record network requests and JavaScript dialogs, and take screenshots::

    with Chromium() as browser:
        page = browser.new_page(width=1400, height=900)
        page.goto(path_or_url)
        page.wait_for("document.body.dataset.drawn === 'true'", timeout=30)
        page.screenshot("view.png")

Chromium is found as ``$KG_CHROMIUM``, else ``chromium``, ``chromium-browser``,
``google-chrome`` on ``PATH`` (Debian: ``apt-get install chromium``). It runs headless,
without sandbox or GPU, with a fresh profile, background networking off, and every host
name unresolvable (``--host-resolver-rules``), so a page cannot reach the network.
"""
from __future__ import annotations

import base64
import fcntl
import json
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--no-default-browser-check", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--disable-dev-shm-usage", "--disable-extensions", "--disable-default-apps",
    "--mute-audio", "--hide-scrollbars", "--host-resolver-rules=MAP * ~NOTFOUND",
)


class BrowserError(RuntimeError):
    """Chromium could not be started, or a protocol command failed or timed out."""


def find_chromium() -> str | None:
    """Path of a Chromium executable, or None."""
    env = os.environ.get("KG_CHROMIUM")
    if env:
        return env if Path(env).is_file() else shutil.which(env)
    for name in CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


class Chromium:
    """A headless Chromium process; use as a context manager."""

    def __init__(self, executable: str | None = None, extra_flags: tuple[str, ...] = ()) -> None:
        self.executable = executable or find_chromium()
        if not self.executable:
            raise BrowserError("no Chromium found (install the Debian package `chromium`, or set KG_CHROMIUM)")
        self.extra_flags = tuple(extra_flags)
        self._proc: subprocess.Popen | None = None
        self._profile: str | None = None
        self._next_id = 0
        self._lock = threading.Lock()
        self._replies: dict[int, dict] = {}
        self._events: list[dict] = []
        self._cond = threading.Condition()
        self._closed = False
        self._stderr_file = None

    # -- process ------------------------------------------------------------------------------
    def start(self) -> Chromium:
        self._profile = tempfile.mkdtemp(prefix="kg-chromium-")
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        # Descriptors 3 and 4 in the child: moved out of the way first (F_DUPFD >= 10), then
        # put in place by bash (dash takes single-digit descriptors only), which then runs Chromium.
        r = fcntl.fcntl(to_child_r, fcntl.F_DUPFD, 10)
        w = fcntl.fcntl(from_child_w, fcntl.F_DUPFD, 10)
        os.close(to_child_r)
        os.close(from_child_w)
        args = [self.executable, *FLAGS, *self.extra_flags, f"--user-data-dir={self._profile}",
                "--remote-debugging-pipe", "about:blank"]
        script = f'exec 3<&{r} 4>&{w} {r}<&- {w}>&-; exec "$@"'
        self._stderr_file = tempfile.TemporaryFile()
        self._proc = subprocess.Popen(
            [shutil.which("bash") or "/bin/bash", "-c", script, "chromium", *args], pass_fds=(r, w),
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self._stderr_file,
            start_new_session=True,
        )
        os.close(r)
        os.close(w)
        self._out = os.fdopen(to_child_w, "wb", buffering=0)
        self._in = os.fdopen(from_child_r, "rb", buffering=0)
        self._reader = threading.Thread(target=self._read_loop, name="chromium-reader", daemon=True)
        self._reader.start()
        try:
            self.send("Target.setDiscoverTargets", {"discover": True}, timeout=30)
        except BaseException:
            self.close()
            raise
        return self

    def close(self) -> None:
        if self._proc is None:
            if self._profile:
                shutil.rmtree(self._profile, ignore_errors=True)
            return
        try:
            if self._proc.poll() is None:
                try:
                    self.send("Browser.close", timeout=5)
                except BrowserError:
                    pass
                try:
                    self._proc.wait(5)
                except subprocess.TimeoutExpired:  # its own process group (start_new_session)
                    os.killpg(self._proc.pid, signal.SIGKILL)
                    self._proc.wait(5)
        finally:
            for f in (self._out, self._in, self._stderr_file):
                try:
                    if f is not None:
                        f.close()
                except OSError:
                    pass
            self._proc = None
            if self._profile:
                shutil.rmtree(self._profile, ignore_errors=True)

    def __enter__(self) -> Chromium:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()

    # -- protocol -----------------------------------------------------------------------------
    def _read_loop(self) -> None:
        buf = b""
        while True:
            try:
                chunk = self._in.read(65536)
            except (OSError, ValueError):
                chunk = b""
            if not chunk:
                with self._cond:
                    self._closed = True
                    self._cond.notify_all()
                return
            buf += chunk
            while b"\0" in buf:
                raw, buf = buf.split(b"\0", 1)
                message = json.loads(raw)
                with self._cond:
                    if "id" in message:
                        self._replies[message["id"]] = message
                    else:
                        self._events.append(message)
                        self._on_event(message)
                    self._cond.notify_all()

    def _on_event(self, message: dict) -> None:
        """Answer JavaScript dialogs at once (a page waiting on alert() would hang)."""
        if message.get("method") == "Page.javascriptDialogOpening":
            sid = message.get("sessionId")
            threading.Thread(target=self._dismiss, args=(sid,), daemon=True).start()

    def _dismiss(self, sid: str | None) -> None:
        try:
            self.send("Page.handleJavaScriptDialog", {"accept": False}, session=sid, timeout=10)
        except BrowserError:
            pass

    def send(self, method: str, params: dict | None = None, session: str | None = None,
             timeout: float = 30) -> dict:
        """Send a protocol command; return its result (raise :class:`BrowserError` on error)."""
        with self._lock:
            self._next_id += 1
            mid = self._next_id
            message = {"id": mid, "method": method, "params": params or {}}
            if session:
                message["sessionId"] = session
            try:
                self._out.write(json.dumps(message).encode("utf-8") + b"\0")
            except (OSError, ValueError) as exc:
                raise BrowserError(f"Chromium is gone ({method}): {exc}{self._stderr_tail()}") from None
        deadline = time.monotonic() + timeout
        with self._cond:
            while mid not in self._replies:
                left = deadline - time.monotonic()
                if self._closed:
                    raise BrowserError(f"Chromium closed the connection ({method}){self._stderr_tail()}")
                if left <= 0:
                    raise BrowserError(f"{method} timed out after {timeout:g} s")
                self._cond.wait(left)
            reply = self._replies.pop(mid)
        if "error" in reply:
            raise BrowserError(f"{method}: {reply['error'].get('message')}")
        return reply.get("result", {})

    def _stderr_tail(self) -> str:
        try:
            self._stderr_file.seek(0)
            text = self._stderr_file.read()[-2000:].decode("utf-8", "replace")
        except (OSError, AttributeError):
            return ""
        return f"\n{text}" if text else ""

    def events(self, session: str | None = None, method: str | None = None) -> list[dict]:
        with self._cond:
            return [e for e in self._events
                    if (session is None or e.get("sessionId") == session)
                    and (method is None or e.get("method") == method)]

    def new_page(self, width: int = 1400, height: int = 900) -> Page:
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.send("Target.activateTarget", {"targetId": target})
        page = Page(self, session, target)
        for domain in ("Page", "Runtime", "Network", "Log"):
            page.send(f"{domain}.enable")
        page.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
        return page


class Page:
    """One tab, attached with its own protocol session."""

    def __init__(self, browser: Chromium, session: str, target: str) -> None:
        self.browser = browser
        self.session = session
        self.target = target

    def send(self, method: str, params: dict | None = None, timeout: float = 30) -> dict:
        return self.browser.send(method, params, session=self.session, timeout=timeout)

    def close(self) -> None:
        self.browser.send("Target.closeTarget", {"targetId": self.target})

    def __enter__(self) -> Page:
        return self

    def __exit__(self, *exc) -> None:
        try:
            self.close()
        except BrowserError:
            pass

    def goto(self, where: str | Path, timeout: float = 60) -> None:
        """Open a URL or a local file and wait for its load event."""
        url = where if isinstance(where, str) and "://" in where else Path(where).resolve().as_uri()
        before = len(self.events("Page.loadEventFired"))
        result = self.send("Page.navigate", {"url": url}, timeout=timeout)
        if result.get("errorText"):
            raise BrowserError(f"cannot open {url}: {result['errorText']}")
        self._wait(lambda: len(self.events("Page.loadEventFired")) > before, timeout, "load event")

    def _wait(self, check, timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while not check():
            if time.monotonic() > deadline:
                raise BrowserError(f"waited {timeout:g} s for {what}")
            time.sleep(0.02)

    def evaluate(self, expression: str, timeout: float = 30):
        """Value of a JavaScript expression (JSON-able; promises awaited)."""
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                "awaitPromise": True}, timeout=timeout)
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise BrowserError(f"JavaScript error: {text}")
        return result.get("result", {}).get("value")

    def wait_for(self, expression: str, timeout: float = 30, interval: float = 0.05):
        """Poll ``expression`` until it is truthy; return its value."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise BrowserError(f"waited {timeout:g} s for {expression}")
            time.sleep(interval)

    def click(self, x: float, y: float) -> None:
        """A left click at page coordinates (CSS pixels)."""
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left",
                                                   "buttons": 0 if kind == "mouseReleased" else 1,
                                                   "clickCount": 0 if kind == "mouseMoved" else 1})

    def screenshot(self, path: str | Path) -> Path:
        data = self.send("Page.captureScreenshot", {"format": "png"}, timeout=60)["data"]
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))
        return path

    def events(self, method: str | None = None) -> list[dict]:
        return self.browser.events(self.session, method)

    def requests(self) -> list[str]:
        """URLs the page requested (the page's own document included)."""
        return [e["params"]["request"]["url"] for e in self.events("Network.requestWillBeSent")]

    def dialogs(self) -> list[str]:
        """Messages of JavaScript dialogs (alert, confirm, prompt) the page opened."""
        return [e["params"].get("message", "") for e in self.events("Page.javascriptDialogOpening")]

    def errors(self) -> list[str]:
        """Uncaught exceptions, console errors and log errors (e.g. CSP violations)."""
        out = []
        for e in self.events("Runtime.exceptionThrown"):
            d = e["params"]["exceptionDetails"]
            out.append(d.get("exception", {}).get("description") or d.get("text", ""))
        for e in self.events("Runtime.consoleAPICalled"):
            if e["params"].get("type") in ("error", "assert"):
                out.append(" ".join(str(a.get("value", a.get("description", ""))) for a in e["params"]["args"]))
        for e in self.events("Log.entryAdded"):
            if e["params"]["entry"].get("level") == "error":
                out.append(e["params"]["entry"].get("text", ""))
        return out


# -- label checks (tests, benchmarks/label_overlaps.py) -------------------------------------

#: Label boxes vis-network measured when it last drew, for the labels it draws now (font large
#: enough at this scale) of nodes and edges inside the visible part of the canvas; and how many
#: pairs of them overlap.
LABEL_OVERLAPS = """(() => {
  const v = window.kgView, net = v.network, scale = net.getScale();
  const r = document.getElementById('kg-network').getBoundingClientRect();
  const a = net.DOMtoCanvas({x: 0, y: 0}), b = net.DOMtoCanvas({x: r.width, y: r.height});
  const inside = (x, y) => x >= a.x && x <= b.x && y >= a.y && y <= b.y;
  const boxes = [];
  const add = (item, x, y) => {
    const m = item.labelModule;
    if (!m || !item.options.label || m.fontOptions.size * scale < 5 || !inside(x, y) || !m.size.width) return;
    boxes.push([m.size.left, m.size.top, m.size.left + m.size.width, m.size.top + m.size.height]);
  };
  Object.values(net.body.nodes).forEach(n => add(n, n.x, n.y));
  Object.values(net.body.edges).forEach(e => { if (e.from && e.to) add(e, (e.from.x + e.to.x) / 2, (e.from.y + e.to.y) / 2); });
  let overlaps = 0;
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const p = boxes[i], q = boxes[j];
    if (p[0] < q[2] - 0.5 && q[0] < p[2] - 0.5 && p[1] < q[3] - 0.5 && q[1] < p[3] - 0.5) overlaps++;
  }
  return [boxes.length, overlaps];
})()"""


def labels_at_zoom_levels(page: "Page", factors) -> list[tuple[float, int, int]]:
    """[(factor, labels drawn, overlapping pairs)] at the fitted scale times each factor."""
    page.evaluate("window.kgView.network.fit(); window.kgView.fitScale = window.kgView.network.getScale()")
    found = []
    for f in factors:
        page.evaluate(f"(() => {{ const v = window.kgView; const ids = v.data.nodes.slice().sort((a, b) => b.size - a.size);"
                      f" const p = v.network.getPositions([ids[0].id])[ids[0].id];"
                      f" v.network.moveTo({{position: p, scale: v.fitScale * {f}}}); v.network.redraw(); }})()")
        page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        page.evaluate("window.kgView.network.redraw()")
        page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        shown, overlaps = page.evaluate(LABEL_OVERLAPS)
        found.append((f, shown, overlaps))
    return found
