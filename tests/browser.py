"""Headless Chromium driven through the DevTools protocol over a pipe: open a page, collect what it logs,
evaluate script in it, take a screenshot. Standard library only.

Chromium reads commands from file descriptor 3 and writes answers and events to
descriptor 4 (``--remote-debugging-pipe``), each message JSON ended by a NUL.

    python tests/browser.py --screenshot docs/report.png   # the README's picture of the sample report
    python tests/browser.py --page review --screenshot docs/review.png   # docs/review.md's picture of the review page
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
]


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def chromium_for_tests() -> str:
    """Chromium's path; a test without it is skipped with the reason, except in CI (CI=true), where it fails."""
    import pytest

    chromium = find_chromium()
    if chromium is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing in CI: make test installs it (apt-get install chromium)")
        pytest.skip("chromium is not installed: make test installs Debian's chromium when run as root")
    return chromium


class BrowserError(Exception):
    pass


class Browser:
    """One headless Chromium with one page; use as a context manager."""

    def __init__(self, executable: str, timeout: float = 60.0) -> None:
        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="merit-chromium-")
        to_browser_r, self._write = os.pipe()
        self._read, from_browser_w = os.pipe()

        def plumb() -> None:  # in the child: the pipe ends at the descriptors Chromium expects
            a, b = os.dup(to_browser_r), os.dup(from_browser_w)  # above 4, so that neither is overwritten early
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.process = subprocess.Popen(
            [executable, *FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            preexec_fn=plumb,
            pass_fds=(3, 4),  # kept open after plumb() has put the pipe there
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._next = 0
        self.events: list[dict] = []
        self.session: str | None = None

    def __enter__(self) -> Browser:
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable")
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        try:
            self.call("Browser.close", session=False)
        except (BrowserError, OSError):
            pass
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for fd in (self._write, self._read):
            try:
                os.close(fd)
            except OSError:
                pass
        if self.process.stderr:
            self.process.stderr.close()
        shutil.rmtree(self.profile, ignore_errors=True)

    # --- the protocol -------------------------------------------------------------

    def call(self, method: str, session: bool = True, **params) -> dict:
        self._next += 1
        message: dict = {"id": self._next, "method": method, "params": params}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self._write, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._receive()
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error'].get('message')}")
                return reply.get("result", {})
            self.events.append(reply)

    def _receive(self) -> dict:
        deadline = time.monotonic() + self.timeout
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._read], [], [], left)[0]:
                raise BrowserError(f"no answer from chromium within {self.timeout:.0f} s")
            chunk = os.read(self._read, 1 << 16)
            if not chunk:
                raise BrowserError("chromium closed the pipe: " + self._stderr_tail())
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        return json.loads(message)

    def _stderr_tail(self) -> str:
        try:
            return (self.process.stderr.read() or b"").decode(errors="replace")[-2000:] if self.process.poll() is not None else ""
        except (OSError, ValueError):
            return ""

    def wait_for(self, method: str) -> dict:
        for k, event in enumerate(self.events):
            if event.get("method") == method:
                return self.events.pop(k)
        while True:
            event = self._receive()
            if event.get("method") == method:
                return event
            self.events.append(event)

    # --- what the tests use -----------------------------------------------------------

    def open(self, path: Path, width: int = 1280, height: int = 900) -> None:
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=False)
        self.call("Page.navigate", url=path.resolve().as_uri())
        self.wait_for("Page.loadEventFired")

    def evaluate(self, expression: str):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise BrowserError(f"script failed: {result['exceptionDetails'].get('text')}")
        return result["result"].get("value")

    def problems(self) -> list[str]:
        """What the page reported as wrong: uncaught exceptions, console errors and warnings, log errors
        (a blocked load, a Content-Security-Policy violation)."""
        self.evaluate("1")  # let queued events arrive
        out = []
        for e in self.events:
            method, params = e.get("method"), e.get("params", {})
            if method == "Runtime.exceptionThrown":
                out.append("exception: " + json.dumps(params.get("exceptionDetails", {}).get("text")))
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "warning", "assert"):
                out.append(f"console.{params['type']}: " + json.dumps([a.get("value") for a in params.get("args", [])]))
            elif method == "Log.entryAdded" and params.get("entry", {}).get("level") in ("error", "warning"):
                out.append("log: " + params["entry"].get("text", ""))
        return out

    def requests(self) -> list[str]:
        """Every URL the page asked for."""
        return [e["params"]["request"]["url"] for e in self.events if e.get("method") == "Network.requestWillBeSent"]

    def screenshot(self, clip_height: int | None = None) -> bytes:
        params: dict = {"format": "png", "captureBeyondViewport": True}
        if clip_height:
            width = self.evaluate("document.documentElement.scrollWidth")
            params["clip"] = {"x": 0, "y": 0, "width": width, "height": clip_height, "scale": 1}
        return base64.b64decode(self.call("Page.captureScreenshot", **params)["data"])


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's header (and a check that it is one)."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise ValueError("not a PNG")
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def sample_report(directory: Path) -> Path:
    """The report of every sample applicant against every class, as the README makes it."""
    import sys

    root = Path(__file__).resolve().parent.parent
    results, page = directory / "results.jsonl", directory / "report.html"
    merit = [sys.executable, "-m", "merit"]
    subprocess.run(
        [*merit, "screen", "sample_applicants", "--as-of", "2026-11-01", "-f", "jsonl", "-o", str(results)], cwd=root, check=False
    )
    subprocess.run([*merit, "report", results.name, "-o", page.name], cwd=directory, check=True)
    return page


def sample_review(directory: Path) -> Path:
    """The review page of the sample applicants against JI60 and MO-CS-G4, as docs/review.md makes it."""
    import sys

    root = Path(__file__).resolve().parent.parent
    (directory / "sample_applicants").symlink_to(root / "sample_applicants")  # the page reads the records the results name
    merit = [sys.executable, "-m", "merit"]
    screen = ["screen", "sample_applicants", "-c", "JI60", "-c", "MO-CS-G4", "--as-of", "2026-11-01", "-f", "jsonl"]
    subprocess.run([*merit, *screen, "-o", "results.jsonl"], cwd=directory, check=False)
    subprocess.run([*merit, "review", "results.jsonl", "-o", "review.html"], cwd=directory, check=True)
    return directory / "review.html"


def _review_picture(browser: Browser, page: Path) -> bytes:
    browser.open(page, width=1100, height=900)
    browser.evaluate("localStorage.clear()")
    browser.open(page, width=1100, height=900)
    browser.evaluate(
        "(function (s) { s.value = 'JI60'; s.dispatchEvent(new Event('change')); })(document.getElementById('f-class'))"
    )
    browser.evaluate("document.querySelector('details[data-pattern=\"JI60/pattern-iv/job-*\"]').open = true")
    top = browser.evaluate("Math.ceil(document.querySelectorAll('li.card')[0].getBoundingClientRect().bottom)")
    return browser.screenshot(clip_height=top + 8)


def main() -> int:
    import argparse

    parser = argparse.ArgumentParser(
        description="Draw the sample report (or review page) in headless Chromium and save a screenshot."
    )
    parser.add_argument("--screenshot", required=True, help="the PNG to write")
    parser.add_argument("--page", choices=("report", "review"), default="report", help="which page to draw")
    args = parser.parse_args()
    chromium = find_chromium()
    if chromium is None:
        raise SystemExit("browser.py: chromium is not installed (make browser installs it as root)")
    with tempfile.TemporaryDirectory() as tmp:
        if args.page == "review":
            with Browser(chromium) as browser:
                Path(args.screenshot).write_bytes(_review_picture(browser, sample_review(Path(tmp))))
                problems = browser.problems()
            if problems:
                raise SystemExit("browser.py: the page reported problems:\n" + "\n".join(problems))
            return 0
        page = sample_report(Path(tmp))
        with Browser(chromium) as browser:
            browser.open(page, width=1100, height=900)
            # one row opened, to show what a reason holds
            browser.evaluate("document.querySelectorAll('table.results details')[4].open = true")
            top = browser.evaluate(
                "Math.ceil(document.querySelectorAll('table.results tbody tr')[5].getBoundingClientRect().bottom)"
            )
            Path(args.screenshot).write_bytes(browser.screenshot(clip_height=top + 8))
            problems = browser.problems()
    if problems:
        raise SystemExit("browser.py: the page reported problems:\n" + "\n".join(problems))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
