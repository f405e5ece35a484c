"""Ten new browser sessions at once: how long until each sees its first page (issue 12's load target).

Starts `streamlit run app.py` on a free port, waits until it answers, then opens N browser
contexts in one headless Chromium at the same moment and times, for each, the wait until the home
page's title (the model's name) is drawn. Prints each session's wait, the median and maximum, and the
CPU seconds the server and the browser used in the round (where the machine's two cores went).

    python benchmarks/sessions.py [--sessions 10] [--rounds 2]

Round 1 starts on a fresh server (nothing cached, sample models already built); later rounds reuse
the server (what a second wave of users sees). Needs Debian's chromium (/usr/bin/chromium).
"""

from __future__ import annotations

import argparse
import asyncio
import os
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


def start_server(port: int) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRUSTBOARD_")}
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
                               "--server.port", str(port), "--browser.gatherUsageStats", "false"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2)
            return server
        except Exception:
            time.sleep(0.5)
    server.kill()
    raise SystemExit("the server did not answer within 120 s")


async def one_session(browser, url: str, title: str) -> float:
    context = await browser.new_context(viewport={"width": 1400, "height": 900})
    page = await context.new_page()
    start = time.perf_counter()
    await page.goto(url, wait_until="commit", timeout=300_000)
    await page.get_by_role("heading", name=title).first.wait_for(timeout=300_000)
    seconds = time.perf_counter() - start
    await context.close()
    return seconds


async def round_of(sessions: int, url: str, title: str) -> list[float]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=os.environ.get("TRUSTBOARD_CHROMIUM", "/usr/bin/chromium"),
                                          args=CHROMIUM_FLAGS)
        times = await asyncio.gather(*(one_session(browser, url, title) for _ in range(sessions)))
        browser_cpu = chromium_cpu_seconds()
        await browser.close()
    return list(times), browser_cpu


def cpu_seconds(process) -> float:
    times = process.cpu_times()
    return times.user + times.system


def chromium_cpu_seconds() -> float:
    """CPU seconds used so far by every running Chromium process (the benchmark's browser)."""
    import psutil

    total = 0.0
    for process in psutil.process_iter(["name"]):
        try:
            if "chrom" in (process.info["name"] or ""):
                total += cpu_seconds(process)
        except psutil.Error:
            pass
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from sample_models import build
    from sample_models.catalog import DEFAULT, samples

    for name in build.missing():
        build.build(name)
    title = samples()[DEFAULT].title
    port = free_port()
    server = start_server(port)
    try:
        import psutil

        serving = psutil.Process(server.pid)
        for number in range(1, args.rounds + 1):
            server_before = cpu_seconds(serving)
            times, browser_cpu = asyncio.run(round_of(args.sessions, f"http://127.0.0.1:{port}/", title))
            print(f"round {number}: " + " ".join(f"{t:.1f}" for t in sorted(times))
                  + f" s; median {statistics.median(times):.1f} s, max {max(times):.1f} s; CPU seconds: server "
                  f"{cpu_seconds(serving) - server_before:.1f}, browser {browser_cpu:.1f}", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"load average at the end: {os.getloadavg()}")


if __name__ == "__main__":
    main()
