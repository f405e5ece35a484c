"""Ten new browser sessions at once: how long until each sees its whole first page (issues 12 and 27).

Starts `streamlit run app.py` on a free port, waits until it answers, then opens N fresh browser
contexts in one headless Chromium at the same moment. Each opens the home page and is timed until its
first page is complete: the title (the model's name), the score histogram and the feature table drawn,
the "Rows" figure of that model's data, and nothing left over from an earlier run (no element marked
stale). One session then switches to the adult sample in the sidebar and is timed until the adult page
is complete; while it waits, the page is read every 250 ms and the readings that show the German case
as current (not greyed out as stale) although the picker names the adult sample (from 1 s after the pick) are
counted and the first and last printed; so is a finished page that is not the adult one 2 s later.
Prints each session's wait, min / median / max, when each first saw its title, figure and table, the switch,
the CPU seconds by process (the server, each kind of Chromium process, Playwright's driver, this script: sampled
every 0.25 s, so renderers that closed before the end count too), the machine's busy cores, and the load average
before and after.

    python benchmarks/sessions.py [--sessions 10] [--rounds 2] [--py-spy DIR] [--cpu-log DIR] [--bare | --no-browser]
                                  [--root CHECKOUT] [--parts rows,figure,table] [--no-switch]

``--bare`` serves a page holding only the title (what Streamlit and Chromium cost with nothing of ours);
``--no-browser`` opens the sessions with Streamlit's websocket protocol and no browser (the server's share when
the readers' browsers run on their own machines). Neither switches sample. ``--root`` serves another checkout (an
older commit's, or a variant of the home page without an element: then ``--parts`` names what its page still holds).

Round 1 starts on a fresh server (nothing cached, sample models already built); later rounds reuse
the server (what a second wave of users sees). ``--py-spy DIR`` records the server during round 1
with py-spy (``pip install py-spy``; not a project requirement) into DIR/sessions-round1.txt (collapsed
stacks of the thread holding the GIL, by thread: where the server's Python time went). Needs Debian's chromium
(/usr/bin/chromium).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, root: Path = ROOT) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRUSTBOARD_")}
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
                               "--server.port", str(port), "--browser.gatherUsageStats", "false"],
                              cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2)
            return server
        except Exception:
            time.sleep(0.5)
    server.kill()
    raise SystemExit("the server did not answer within 120 s")


# What the page shows now: its title, the "Rows" figure, the sidebar's "Open now" line and sample picker, whether the
# histogram (a plotly chart, or since issue 27 item 9 a picture: an SVG image, loaded) and the feature table are drawn, and whether anything is still marked stale (left over from the run before).
SHOWN = """() => {
  const text = (sel) => { const e = document.querySelector(sel); return e ? e.innerText.trim() : null; };
  const main = document.querySelector('[data-testid="stMain"]') || document;
  const open = Array.from(document.querySelectorAll('[data-testid="stSidebar"] [data-testid="stCaptionContainer"]'))
    .map(e => e.innerText).find(t => t.startsWith('Open now')) || null;
  const picked = text('[data-testid="stSidebar"] [data-testid="stSelectbox"]');
  return {title: text('h1'), rows: text('[data-testid="stMetricValue"]'), open: open, picked: picked,
          figure: !!main.querySelector('[data-testid="stPlotlyChart"] .main-svg')
            || Array.from(main.querySelectorAll('[data-testid="stImage"] img')).some(i => i.complete && i.naturalHeight > 0),
          table: !!main.querySelector('[data-testid="stDataFrame"] canvas, [data-testid="stTable"] table, [data-testid="stMarkdownContainer"] table'),
          stale: document.querySelectorAll('[data-stale="true"]').length};
}"""


PARTS = {"rows", "figure", "table"}  # what a complete page holds besides its title (none for --bare)
BARE_APP = "import streamlit as st\n\nst.title({title!r})\n"  # --bare: Streamlit's own floor, the title alone


def complete(shown: dict, title: str, rows: int) -> bool:
    """The first page of this model is all there: title, rows, histogram, table, and nothing stale."""
    return (shown["title"] == title and ("rows" not in PARTS or shown["rows"] == f"{rows:,}")
            and ("figure" not in PARTS or shown["figure"]) and ("table" not in PARTS or shown["table"])
            and not shown["stale"])


async def wait_complete(page, title: str, rows: int, wrong: str | None = None, seen: list | None = None,
                        marks: dict | None = None, start: float | None = None) -> float:
    """Seconds until the page is :func:`complete`; read every 250 ms. With ``wrong`` (the previous case's title),
    note in ``seen`` every reading, from 1 s after the pick on, where the picker already names ``title`` but the
    page shows the previous case as current (not marked stale), or shows it again once ``title`` was up. With
    ``marks``, note there the seconds (from ``start``) at which the title, the figure and the table first showed."""
    start, titled = start or time.perf_counter(), False
    while time.perf_counter() - start < 300:
        shown = await page.evaluate(SHOWN)
        if marks is not None:
            for key, here in (("title", shown["title"] == title), ("figure", shown["figure"]), ("table", shown["table"])):
                if here and key not in marks:
                    marks[key] = time.perf_counter() - start
        if complete(shown, title, rows):
            return time.perf_counter() - start
        titled = titled or shown["title"] == title
        old = shown["title"] == wrong or wrong in (shown["open"] or "") if wrong else False
        picked = title in (shown["picked"] or "")
        if old and not shown["stale"] and (titled or (picked and time.perf_counter() - start > 1)):
            seen.append(f"{time.perf_counter() - start:.1f} s: {shown}")
        await asyncio.sleep(0.25)
    raise TimeoutError(f"not complete after 300 s: {await page.evaluate(SHOWN)}")


# The same reading, made inside the page every 250 ms until the page is complete (see :func:`complete`): noting when the
# title, the figure and the table first showed (Date.now(), milliseconds). No round trip to Playwright per reading.
WATCH = """([title, rows, parts]) => {
  const shown = (""" + SHOWN + """)();
  const marks = window.__trustboardMarks = window.__trustboardMarks || {};
  for (const [key, here] of [["title", shown.title === title], ["figure", shown.figure], ["table", shown.table]]) {
    if (here && !(key in marks)) marks[key] = Date.now();
  }
  return shown.title === title && (!parts.includes("rows") || shown.rows === rows)
    && (!parts.includes("figure") || shown.figure) && (!parts.includes("table") || shown.table) && !shown.stale;
}"""


async def watch_first_page(page, title: str, rows: int, start: float) -> tuple[float, dict]:
    """Seconds from ``start`` (time.time()) until the page is complete, read inside the page every 250 ms, and when
    its title, figure and table first showed (a reading's time does not wait for a round trip through Playwright
    on a busy machine). ``--poll-from-python`` reads from here as before; Playwright's driver used about 5 CPU
    seconds for ten first pages either way (it follows every request of every page)."""
    await page.wait_for_function(WATCH, arg=[title, f"{rows:,}", sorted(PARTS)], polling=250, timeout=300_000)
    marks = await page.evaluate("() => window.__trustboardMarks")
    return time.time() - start, {key: value / 1000 - start for key, value in marks.items()}


POLL_FROM_PYTHON = [False]  # --poll-from-python: the first page read from here every 250 ms (the earlier way)


async def one_session(browser, url: str, first: tuple, switch_to: tuple | None) -> dict:
    """Open the home page in a fresh context and time its first page; with ``switch_to`` (title, rows), then pick
    that sample in the sidebar and time its page, watching for the previous case."""
    context = await browser.new_context(viewport={"width": 1400, "height": 900})
    page = await context.new_page()
    start, started = time.perf_counter(), time.time()
    await page.goto(url, wait_until="commit", timeout=300_000)
    marks: dict = {}
    if POLL_FROM_PYTHON[0]:
        result = {"first": await wait_complete(page, *first, marks=marks, start=start), "marks": marks}
    else:
        waited, marks = await watch_first_page(page, *first, started)
        result = {"first": waited, "marks": marks}
    if switch_to:
        seen: list = []
        picker = page.get_by_role("combobox", name="Sample model", exact=True)
        await picker.click()
        await picker.press("ArrowDown")  # a react-aria combobox: the list opens on a key, not always on a click
        await page.get_by_role("option", name=switch_to[0], exact=True).click()
        result["switch"] = await wait_complete(page, *switch_to, wrong=first[0], seen=seen)
        result["after"] = await page.evaluate(SHOWN)
        await asyncio.sleep(2)  # a late rerun that brings back the previous case shows here
        result["settled"] = await page.evaluate(SHOWN)
        if not complete(result["settled"], *switch_to):
            seen.append(f"2 s after: {result['settled']}")
        result["wrong"] = seen
    result["total"] = time.perf_counter() - start
    await context.close()
    return result


async def protocol_session(url: str, title: str) -> dict:
    """One new session without a browser: Streamlit's own websocket protocol (what the page's JavaScript sends on
    connecting: run the script), timed until the server has sent the title, the histogram, the feature table and
    the end of the run. What ten sessions cost the server when the browsers are on the readers' own machines."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    start, marks = time.perf_counter(), {}
    address = url.replace("http://", "ws://").rstrip("/") + "/_stcore/stream"
    async with websockets.connect(address, subprotocols=["streamlit"], origin=url.rstrip("/"), max_size=None,
                                  open_timeout=300) as socket_:
        ask = BackMsg()
        ask.rerun_script.query_string = ""
        ask.rerun_script.page_script_hash = ""
        await socket_.send(ask.SerializeToString())
        while True:
            message = ForwardMsg()
            message.ParseFromString(await asyncio.wait_for(socket_.recv(), 300))
            kind = message.WhichOneof("type")
            if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                element = message.delta.new_element
                shown = element.WhichOneof("type")
                seen = {"heading": "title" if shown == "heading" and element.heading.body == title else None,
                        "plotly_chart": "figure", "imgs": "figure", "dataframe": "table"}.get(shown)
                if seen and seen not in marks:
                    marks[seen] = time.perf_counter() - start
            elif kind == "script_finished":
                return {"first": time.perf_counter() - start, "marks": marks}


async def round_without_browser(sessions: int, url: str, first: tuple) -> tuple[list[dict], float]:
    results = await asyncio.gather(*(protocol_session(url, first[0]) for _ in range(sessions)))
    return list(results), 0.0


async def round_of(sessions: int, url: str, first: tuple, switch_to: tuple) -> tuple[list[dict], float]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=os.environ.get("TRUSTBOARD_CHROMIUM", "/usr/bin/chromium"),
                                          args=CHROMIUM_FLAGS)
        results = await asyncio.gather(*(one_session(browser, url, first, switch_to if n == 0 else None)
                                         for n in range(sessions)))
        browser_cpu = chromium_cpu_seconds()
        await browser.close()
    return list(results), browser_cpu


def cpu_seconds(process) -> float:
    times = process.cpu_times()
    return times.user + times.system


def chromium_cpu_seconds() -> float:
    """CPU seconds used so far by this benchmark's Chromium (processes under this one; the machine is shared, so
    other people's browsers are not counted)."""
    import psutil

    total = 0.0
    for process in psutil.Process().children(recursive=True):
        try:
            if "chrom" in process.name():
                total += cpu_seconds(process)
        except psutil.Error:
            pass
    return total


def process_kind(process) -> str:
    """What a process of this benchmark is: the server, Chromium's browser / renderer / gpu-process / network /
    other utility / zygote process, Playwright's driver, or this script."""
    import psutil

    try:
        name, command = process.name(), " ".join(process.cmdline())
    except psutil.Error:
        return "gone"
    if "chrom" in name:
        kind = next((part.split("=", 1)[1] for part in command.split() if part.startswith("--type=")), "browser")
        if kind == "utility":
            sub = next((part.split("=", 1)[1] for part in command.split() if part.startswith("--utility-sub-type=")), "")
            kind = "network" if "network" in sub.lower() else "utility"
        return "chromium " + kind
    if "node" in name or command.split(" ")[0].endswith("/driver/node"):  # its name may read "exe"
        return "playwright driver"
    return "streamlit server" if "streamlit" in command else name


class CpuSampler:
    """Every ``every`` seconds in a thread: the CPU seconds used by the server, by each kind of Chromium process,
    by Playwright's driver and by this script, and how many of the machine's cores were busy (/proc/stat, every
    process of the machine). Tells whether both cores were busy while the sessions waited, and on what."""

    def __init__(self, server_pid: int, every: float = 0.25):
        import psutil

        self.every, self.server = every, psutil.Process(server_pid)
        self.rows: list[dict] = []  # per interval: seconds since start, cores busy, CPU seconds by kind
        self._last: dict = {}  # pid -> (kind, cpu seconds)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _processes(self):
        import psutil

        me = psutil.Process()
        return [self.server, me, *me.children(recursive=True)]

    def _machine(self) -> tuple[float, float]:
        with open("/proc/stat") as stat:
            values = [float(v) for v in stat.readline().split()[1:]]
        idle = values[3] + values[4]
        return sum(values) / os.sysconf("SC_CLK_TCK"), idle / os.sysconf("SC_CLK_TCK")

    def _read(self) -> dict:
        import psutil

        now: dict = {}
        for process in self._processes():
            try:
                kind = self._last.get(process.pid, (None,))[0]
                if kind in (None, "chromium zygote", "sh", "exe"):  # a renderer just forked from the zygote shows its command line
                    # of the zygote; a process caught while it starts may read "sh" or "exe"
                    kind = process_kind(process)
                if process.pid == os.getpid():
                    kind = "benchmark script"
                now[process.pid] = (kind, cpu_seconds(process))
            except psutil.Error:
                pass
        return now

    def _run(self) -> None:
        self._last, (total, idle), start = self._read(), self._machine(), time.perf_counter()
        while not self._stop.wait(self.every):
            now, (total2, idle2) = self._read(), self._machine()
            used: dict = {}
            for pid, (kind, cpu) in now.items():
                used[kind] = used.get(kind, 0.0) + cpu - self._last.get(pid, (kind, cpu))[1]
            wall = (total2 - total) / (os.cpu_count() or 1)
            busy = ((total2 - total) - (idle2 - idle)) / wall if wall > 0 else 0.0
            self.rows.append({"t": time.perf_counter() - start, "cores busy": busy, **used})
            self._last, total, idle = {**self._last, **now}, total2, idle2

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def summary(self, until: float | None = None) -> str:
        """CPU seconds by kind, and the cores busy on average (and the share of intervals with both busy), over the
        intervals up to ``until`` seconds (all when None)."""
        rows = [r for r in self.rows if until is None or r["t"] <= until]
        if not rows:
            return "no samples"
        kinds: dict = {}
        for row in rows:
            for kind, value in row.items():
                if kind not in ("t", "cores busy"):
                    kinds[kind] = kinds.get(kind, 0.0) + value
        ours = sum(kinds.values())
        wall = rows[-1]["t"]
        busy = statistics.mean(r["cores busy"] for r in rows)
        full = sum(r["cores busy"] >= 1.8 for r in rows) / len(rows)
        return (f"{wall:.1f} s: cores busy {busy:.2f} on average ({full:.0%} of intervals >= 1.8), ours {ours / wall:.2f}"
                f" cores; CPU s " + ", ".join(f"{k} {v:.1f}" for k, v in sorted(kinds.items(), key=lambda kv: -kv[1])
                                              if v >= 0.05))

    def write(self, path: Path) -> None:
        kinds = sorted({k for r in self.rows for k in r} - {"t", "cores busy"})
        with open(path, "w", encoding="utf-8") as out:
            out.write("\t".join(["t", "cores busy", *kinds]) + "\n")
            out.writelines("\t".join(f"{row.get(k, 0.0):.2f}" for k in ["t", "cores busy", *kinds]) + "\n"
                           for row in self.rows)


def py_spy(pid: int, folder: Path) -> subprocess.Popen:
    """Record the stacks of the server's thread holding the GIL until stopped; py-spy writes on SIGINT."""
    folder.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(["py-spy", "record", "--pid", str(pid), "--threads", "--gil", "--rate", "50", "--format", "raw",
                             "--output", str(folder / "sessions-round1.txt")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--switch-to", default="adult_income", help="the sample one session switches to")
    parser.add_argument("--root", type=Path, default=ROOT,
                        help="the checkout to serve (an older commit's, to compare in one sitting)")
    parser.add_argument("--py-spy", type=Path, default=None, metavar="DIR", help="record the server in round 1")
    parser.add_argument("--cpu-log", type=Path, default=None, metavar="DIR",
                        help="write each round's CPU by process kind every 0.25 s to DIR/cpu-roundN.tsv")
    parser.add_argument("--bare", action="store_true",
                        help="serve a page holding only the title (no switch): what Streamlit and Chromium cost alone")
    parser.add_argument("--no-browser", action="store_true",
                        help="sessions speak Streamlit's websocket protocol, no browser (no switch): the server's share")
    parser.add_argument("--parts", default="rows,figure,table",
                        help="what a complete first page holds besides its title (comma-separated, of rows, figure, "
                             "table; '' for the title alone): to time a variant of the home page without an element")
    parser.add_argument("--no-switch", action="store_true", help="no session switches sample")
    parser.add_argument("--poll-from-python", action="store_true",
                        help="read each first page from Python every 250 ms (the earlier way; costs the driver CPU)")
    args = parser.parse_args()
    POLL_FROM_PYTHON[0] = args.poll_from_python
    PARTS.intersection_update({part.strip() for part in args.parts.split(",")})
    sys.path.insert(0, str(ROOT))
    from sample_models import build
    from sample_models.catalog import DEFAULT, samples

    for name in build.missing():
        build.build(name)
    first = (samples()[DEFAULT].title, rows_of(samples()[DEFAULT]))
    switch_to = (samples()[args.switch_to].title, rows_of(samples()[args.switch_to]))
    if args.bare:
        import tempfile

        args.root = Path(tempfile.mkdtemp(prefix="trustboard-bare-"))
        (args.root / "app.py").write_text(BARE_APP.format(title=first[0]), encoding="utf-8")
        PARTS.clear()
    if args.bare or args.no_browser or args.no_switch:
        switch_to = None
    print(f"serving {args.root}; load average at the start: {os.getloadavg()}", flush=True)
    port = free_port()
    server = start_server(port, args.root)
    try:
        import psutil

        serving = psutil.Process(server.pid)
        for number in range(1, args.rounds + 1):
            server_before = cpu_seconds(serving)
            spy = py_spy(server.pid, args.py_spy) if args.py_spy and number == 1 else None
            with CpuSampler(server.pid) as sampler:
                if args.no_browser:
                    results, browser_cpu = asyncio.run(round_without_browser(args.sessions, f"http://127.0.0.1:{port}/",
                                                                             first))
                else:
                    results, browser_cpu = asyncio.run(round_of(args.sessions, f"http://127.0.0.1:{port}/", first,
                                                                switch_to))
            if spy is not None:
                spy.send_signal(signal.SIGINT)
                spy.wait(timeout=60)
            times = sorted(r["first"] for r in results)
            switched = results[0]
            chromium = sum(v for row in sampler.rows for k, v in row.items() if k.startswith("chromium"))
            print(f"round {number}: first page " + " ".join(f"{t:.1f}" for t in times)
                  + f" s; min {times[0]:.1f} s, median {statistics.median(times):.1f} s, max {times[-1]:.1f} s; "
                  + (f"switch to {args.switch_to}: {switched['switch']:.1f} s; " if switch_to else "")
                  + f"CPU seconds: server {cpu_seconds(serving) - server_before:.1f}, browser {chromium:.1f} (every "
                  f"Chromium process, sampled; {browser_cpu:.1f} in those still open at the end); "
                  f"load average {os.getloadavg()[0]:.1f}", flush=True)
            for mark in ("title", "figure", "table"):
                seen = sorted(r["marks"][mark] for r in results if mark in r["marks"])
                if seen:
                    print(f"  {mark} shown: " + " ".join(f"{t:.1f}" for t in seen)
                          + f" s; median {statistics.median(seen):.1f} s", flush=True)
            print(f"  until the last first page, {sampler.summary(times[-1] + 0.5)}", flush=True)
            print(f"  whole round, {sampler.summary()}", flush=True)
            if args.cpu_log:
                args.cpu_log.mkdir(parents=True, exist_ok=True)
                sampler.write(args.cpu_log / f"cpu-round{number}.tsv")
            wrong = switched.get("wrong", [])
            if switch_to:
                print(f"  after the switch, readings (every 250 ms) showing the previous case as current: {len(wrong)}"
                      + "".join(f"\n    {reading}" for reading in wrong[:1] + wrong[-1:]), flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
        if args.bare:
            import shutil

            shutil.rmtree(args.root, ignore_errors=True)  # the throwaway title-only app
    print(f"load average at the end: {os.getloadavg()}")


def rows_of(sample) -> int:
    """Rows of a sample's holdout (what the home page's "Rows" figure shows)."""
    with open(sample.holdout_path, encoding="utf-8") as lines:
        return sum(1 for _ in lines) - 1


if __name__ == "__main__":
    main()
