"""Ten new browser sessions at once: how long until each sees its whole first page (issues 12 and 27).

Starts `streamlit run app.py` on a free port, waits until it answers, then opens N fresh browser
contexts in one headless Chromium at the same moment. Each opens the home page and is timed until its
first page is complete: the title (the model's name), the score histogram and the feature table drawn,
the "Rows" figure of that model's data, and nothing left over from an earlier run (no element marked
stale). One session then switches to the adult sample in the sidebar and is timed until the adult page
is complete; while it waits, the page is read every 250 ms and the readings that show the German case
as current (not greyed out as stale) although the picker names the adult sample (from 1 s after the pick) are
counted and the first and last printed; so is a finished page that is not the adult one 2 s later.
Prints each session's wait, min / median / max, the switch, the CPU seconds the server and the browser
used (where the machine's two cores went) and the load average before and after.

    python benchmarks/sessions.py [--sessions 10] [--rounds 2] [--py-spy DIR]

Round 1 starts on a fresh server (nothing cached, sample models already built); later rounds reuse
the server (what a second wave of users sees). ``--py-spy DIR`` records the server during round 1
with py-spy (``pip install py-spy``; not a project requirement) into DIR/sessions-round1.txt (collapsed
stacks of the thread holding the GIL, by thread: where the server's Python time went). Needs Debian's chromium (/usr/bin/chromium).
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
# histogram and the feature table are drawn, and whether anything is still marked stale (left over from the run before).
SHOWN = """() => {
  const text = (sel) => { const e = document.querySelector(sel); return e ? e.innerText.trim() : null; };
  const main = document.querySelector('[data-testid="stMain"]') || document;
  const open = Array.from(document.querySelectorAll('[data-testid="stSidebar"] [data-testid="stCaptionContainer"]'))
    .map(e => e.innerText).find(t => t.startsWith('Open now')) || null;
  const picked = text('[data-testid="stSidebar"] [data-testid="stSelectbox"]');
  return {title: text('h1'), rows: text('[data-testid="stMetricValue"]'), open: open, picked: picked,
          figure: !!main.querySelector('[data-testid="stPlotlyChart"] .main-svg'),
          table: !!main.querySelector('[data-testid="stDataFrame"] canvas'),
          stale: document.querySelectorAll('[data-stale="true"]').length};
}"""


def complete(shown: dict, title: str, rows: int) -> bool:
    """The first page of this model is all there: title, rows, histogram, table, and nothing stale."""
    return (shown["title"] == title and shown["rows"] == f"{rows:,}" and shown["figure"] and shown["table"]
            and not shown["stale"])


async def wait_complete(page, title: str, rows: int, wrong: str | None = None, seen: list | None = None) -> float:
    """Seconds until the page is :func:`complete`; read every 250 ms. With ``wrong`` (the previous case's title),
    note in ``seen`` every reading, from 1 s after the pick on, where the picker already names ``title`` but the
    page shows the previous case as current (not marked stale), or shows it again once ``title`` was up."""
    start, titled = time.perf_counter(), False
    while time.perf_counter() - start < 300:
        shown = await page.evaluate(SHOWN)
        if complete(shown, title, rows):
            return time.perf_counter() - start
        titled = titled or shown["title"] == title
        old = shown["title"] == wrong or wrong in (shown["open"] or "") if wrong else False
        picked = title in (shown["picked"] or "")
        if old and not shown["stale"] and (titled or (picked and time.perf_counter() - start > 1)):
            seen.append(f"{time.perf_counter() - start:.1f} s: {shown}")
        await asyncio.sleep(0.25)
    raise TimeoutError(f"not complete after 300 s: {await page.evaluate(SHOWN)}")


async def one_session(browser, url: str, first: tuple, switch_to: tuple | None) -> dict:
    """Open the home page in a fresh context and time its first page; with ``switch_to`` (title, rows), then pick
    that sample in the sidebar and time its page, watching for the previous case."""
    context = await browser.new_context(viewport={"width": 1400, "height": 900})
    page = await context.new_page()
    start = time.perf_counter()
    await page.goto(url, wait_until="commit", timeout=300_000)
    result = {"first": await wait_complete(page, *first)}
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
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from sample_models import build
    from sample_models.catalog import DEFAULT, samples

    for name in build.missing():
        build.build(name)
    first = (samples()[DEFAULT].title, rows_of(samples()[DEFAULT]))
    switch_to = (samples()[args.switch_to].title, rows_of(samples()[args.switch_to]))
    print(f"serving {args.root}; load average at the start: {os.getloadavg()}", flush=True)
    port = free_port()
    server = start_server(port, args.root)
    try:
        import psutil

        serving = psutil.Process(server.pid)
        for number in range(1, args.rounds + 1):
            server_before = cpu_seconds(serving)
            spy = py_spy(server.pid, args.py_spy) if args.py_spy and number == 1 else None
            results, browser_cpu = asyncio.run(round_of(args.sessions, f"http://127.0.0.1:{port}/", first, switch_to))
            if spy is not None:
                spy.send_signal(signal.SIGINT)
                spy.wait(timeout=60)
            times = sorted(r["first"] for r in results)
            switched = results[0]
            print(f"round {number}: first page " + " ".join(f"{t:.1f}" for t in times)
                  + f" s; min {times[0]:.1f} s, median {statistics.median(times):.1f} s, max {times[-1]:.1f} s; "
                  f"switch to {args.switch_to}: {switched['switch']:.1f} s; CPU seconds: server "
                  f"{cpu_seconds(serving) - server_before:.1f}, browser {browser_cpu:.1f}; "
                  f"load average {os.getloadavg()[0]:.1f}", flush=True)
            wrong = switched["wrong"]
            print(f"  after the switch, readings (every 250 ms) showing the previous case as current: {len(wrong)}"
                  + "".join(f"\n    {reading}" for reading in wrong[:1] + wrong[-1:]), flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"load average at the end: {os.getloadavg()}")


def rows_of(sample) -> int:
    """Rows of a sample's holdout (what the home page's "Rows" figure shows)."""
    with open(sample.holdout_path, encoding="utf-8") as lines:
        return sum(1 for _ in lines) - 1


if __name__ == "__main__":
    main()
