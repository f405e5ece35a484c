"""Benchmark ``explainers.report`` (one offline HTML file) against explainerdashboard's ``to_html()``.

Run from the repository root with the project's environment::

    /tmp/venv/bin/python benchmarks/report.py                 # all configs, appends to benchmarks/README.md
    /tmp/venv/bin/python benchmarks/report.py --configs german_credit --no-readme   # quick look

For every config (same 100-tree random-forest pipeline, trained the same way in both environments
by the recipe of benchmarks/explainerdashboard_peer.py):

- Trustboard, in a child process of the project's Python: ``explainers.load(model, frame,
  target=...)`` then ``explainers.report(case, path)``.
- explainerdashboard 0.5.8, in a child process of benchmarks/.venv-explainerdashboard
  (benchmarks/report_peer.py): ``ExplainerDashboard(ClassifierExplainer(model, X, y)).to_html()``
  written to a file. The venv is created (as benchmarks/attributions.py does) when missing.

Measured per side: seconds of the timed steps (imports and training are untimed setup), the child
process's peak RSS (``os.wait4`` rusage of that one child; this parent imports nothing heavy so a
child cannot inherit a large high-water mark from it), the RSS already reached before the timed
steps, file size, external http(s) ``<script src>`` / ``<link href>`` references, and what headless
Chromium draws with every non-file request aborted. Runs are one-shot (a report is a one-off job
and the slow ones take minutes) and the two sides of a config run back to back.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from html.parser import HTMLParser
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
README = HERE / "README.md"
PEER_VENV = HERE / ".venv-explainerdashboard"
PEER_PYTHON = PEER_VENV / "bin" / "python"
PEER_SCRIPT = HERE / "report_peer.py"
# The configs themselves (data set, max_depth, rows) live in report_peer.CONFIGS; the parent only needs
# their names and stays free of numpy/pandas so that its memory cannot leak into the children's peaks.
CONFIG_NAMES = ("german_credit", "adult_income", "adult_income_depth8")
ISSUE = "the issue: on a 2-core machine explainerdashboard took 42 s for 300 German rows and 701 s for 2,000 adult rows, peaking at 1 GB"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SIDES = {"ours": "Trustboard", "peer": "explainerdashboard"}


def say(text: str = "") -> None:
    print(text, flush=True)


# ---------------------------------------------------------------- child: Trustboard's side


def child_ours(config: str, html: Path, out: Path) -> None:
    """Runs in the project's Python: load + report for one config, progress rewritten to ``out``."""
    import resource
    import warnings

    warnings.filterwarnings("ignore")
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(HERE))
    import report_peer  # the shared config table and recipe (explainerdashboard is not imported)

    import explainers
    from explainers.report import registry

    def max_rss_mib() -> float:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    result = {"side": "ours", "config": config, "steps": {}, "sections": {}, "done": False}

    def save():
        result["max_rss_mib_so_far"] = max_rss_mib()
        out.write_text(json.dumps(result, indent=2))

    dataset, max_depth, _ = report_peer.CONFIGS[config]
    model, X, y = report_peer.prepare(ROOT / "sample_models", config)
    recipe = report_peer.recipe
    result.update(dataset=dataset, max_depth=max_depth, rows=len(X), forest=recipe.forest_shape(model),
                  fingerprint=recipe.model_fingerprint(model, X), rss_before_timed_mib=max_rss_mib(),
                  timed_start_epoch=time.time())
    frame = X.assign(**{y.name: y})
    save()

    # Time each section without changing what runs: the report looks sections up in this same registry.
    import dataclasses

    for registered in registry.sections():
        def timed_builder(*args, _builder=registered.build, _name=registered.name):
            start = time.perf_counter()
            _builder(*args)
            result["sections"][_name] = time.perf_counter() - start
        registry._REGISTERED[registered.name] = dataclasses.replace(registered, build=timed_builder)

    def step(label, thunk):
        start = time.perf_counter()
        value = thunk()
        result["steps"][label] = time.perf_counter() - start
        save()
        print(f"ours {config}: {label} {result['steps'][label]:.1f} s", file=sys.stderr, flush=True)
        return value

    case = step("explainers.load(model, frame, target=...)", lambda: explainers.load(model, frame, target=y.name))
    step("explainers.report(case, path)", lambda: explainers.report(case, html))
    result["done"] = True
    save()


# ---------------------------------------------------------------- parent helpers


def machine_facts() -> dict:
    cpu, memory = "unknown", "unknown"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
        kib = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                       if line.startswith("MemTotal")))
        memory = f"{kib / 2**20:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    return {"nproc": os.cpu_count(), "cpu": cpu, "memory": memory, "kernel": platform.release(),
            "python": sys.version.split()[0], "load_average_start": [round(x, 2) for x in os.getloadavg()]}


def ensure_peer_venv() -> None:
    """Create the peer venv exactly as benchmarks/attributions.py does (in a child: it imports shap)."""
    code = ("import importlib.util, sys; spec = importlib.util.spec_from_file_location('attributions', sys.argv[1]); "
            "m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m); "
            "print(f'{m.ensure_peer_venv():.0f}')")
    done = subprocess.run([sys.executable, "-c", code, str(HERE / "attributions.py")], cwd=ROOT, check=True,
                          capture_output=True, text=True)
    seconds = float(done.stdout.strip().splitlines()[-1])
    if seconds:
        say(f"created {PEER_VENV.relative_to(ROOT)} in {seconds:.0f} s")


def run_child(command: list[str], timeout: float, log: Path) -> dict:
    """Run one child in its own process group; kill the group after ``timeout`` s; its own rusage."""
    started = time.time()
    with open(log, "w") as handle:
        process = subprocess.Popen(command, cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)
    stopped = threading.Event()

    def stop():
        stopped.set()
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    timer = threading.Timer(timeout, stop)
    timer.start()
    try:
        _, status, usage = os.wait4(process.pid, 0)
    except BaseException:  # interrupted: do not leave the child (its own session) running
        os.killpg(process.pid, signal.SIGKILL)
        raise
    finally:
        timer.cancel()
    process.returncode = os.waitstatus_to_exitcode(status)
    return {"exit": process.returncode, "stopped": stopped.is_set(), "wall_s": time.time() - started,
            "ended_epoch": time.time(), "peak_rss_mib": usage.ru_maxrss / 1024, "cpu_s": usage.ru_utime + usage.ru_stime}


class _References(HTMLParser):
    def __init__(self):
        super().__init__()
        self.external: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        url = attrs.get("src") if tag == "script" else attrs.get("href") if tag == "link" else None
        if url and re.match(r"(?i)\s*(https?:)?//", url):
            self.external.append(url.strip())


def static_check(path: Path) -> dict:
    text = path.read_text(encoding="utf-8", errors="replace")
    parser = _References()
    parser.feed(text)
    return {"size_bytes": path.stat().st_size, "external_refs": len(parser.external),
            "external_unique": sorted(set(parser.external)),
            "figures_in_file": len(re.findall(r'<div id="figure-\d+"', text)) or text.count("Plotly.newPlot(")}


def browser_check(paths: dict[str, Path]) -> dict[str, dict]:
    """Open each file in headless Chromium with every non-file request aborted."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("TRUSTBOARD_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    found = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        for key, path in paths.items():
            try:
                found[key] = _open_offline(browser, path)
            except PlaywrightError as error:  # a file that cannot be opened is a result, not a crash
                found[key] = {"drawn": 0, "plotly_defined": False, "console_errors": 0, "aborted_requests": [],
                              "error_samples": [], "failed": f"{type(error).__name__}: {str(error).splitlines()[0]}"}
        browser.close()
    return found


def _open_offline(browser, path: Path) -> dict:
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    errors, aborted = [], []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(f"pageerror: {error}"))

    def block(route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            aborted.append(route.request.url)
            route.abort()

    page.route("**/*", block)
    try:
        start = time.perf_counter()
        page.goto(path.as_uri(), wait_until="load", timeout=180_000)
        page.wait_for_timeout(2000)
        return {"drawn": page.locator(".js-plotly-plot").count(),
                "plotly_defined": page.evaluate("typeof window.Plotly !== 'undefined'"),
                "console_errors": len(errors), "error_samples": sorted(set(errors))[:4],
                "aborted_requests": sorted(set(aborted)), "open_s": time.perf_counter() - start}
    finally:
        page.close()


# ---------------------------------------------------------------- reporting


def fmt_time(run: dict) -> str:
    if run.get("done"):
        return f"{sum(run['steps'].values()):.1f}"
    if run.get("stopped"):
        return f"> {run['timed_so_far_s']:.0f} (stopped)"
    return f"failed (exit {run.get('exit')})"


def fmt_mib(value) -> str:
    return "n/a" if value is None else f"{value:,.0f}"


def fmt_size(run: dict) -> str:
    size = run.get("static", {}).get("size_bytes")
    return "no file" if size is None else f"{size / 2**20:.2f} MiB"


def fmt_refs(run: dict) -> str:
    static = run.get("static")
    if not static:
        return "n/a"
    return f"{static['external_refs']} ({len(static['external_unique'])} distinct)"


def fmt_render(run: dict) -> str:
    seen, static = run.get("browser"), run.get("static")
    if not seen:
        return "n/a"
    if seen.get("failed"):
        return f"did not open: {seen['failed'][:80]}"
    return f"{seen['drawn']} of {static['figures_in_file']}; {seen['console_errors']} console errors"


def table(results: dict) -> str:
    headers = ["config", "rows", "leaves / depth per tree", "side", "timed steps (s)", "peak RSS (MiB)",
               "RSS before timed steps (MiB)", "file size", "external script/link refs",
               "offline: figures drawn; console errors", "same forest"]
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    for config in results["configs"]:
        runs = results["runs"][config]
        ours, peer = runs.get("ours", {}), runs.get("peer", {})
        same = ("yes" if ours.get("fingerprint") and ours.get("fingerprint") == peer.get("fingerprint")
                else "n/a" if not peer.get("fingerprint") else "NO")
        for side, run in (("ours", ours), ("peer", peer)):
            if not run:
                continue
            forest = run.get("forest") or {}
            shape = f"{forest['mean_leaves']:.0f} / {forest['mean_depth']:.0f}" if forest else "n/a"
            cells = [config, run.get("rows", "n/a"), shape, SIDES[side], fmt_time(run), fmt_mib(run.get("peak_rss_mib")),
                     fmt_mib(run.get("rss_before_timed_mib")), fmt_size(run), fmt_refs(run), fmt_render(run), same]
            lines.append("| " + " | ".join(str(c) for c in cells) + " |")
    return "\n".join(lines)


def steps_table(results: dict) -> str:
    lines = ["| config | side | step | s |", "|---|---|---|---|"]
    for config in results["configs"]:
        for side in ("ours", "peer"):
            run = results["runs"][config].get(side)
            if not run:
                continue
            for label, seconds in run.get("steps", {}).items():
                lines.append(f"| {config} | {SIDES[side]} | `{label}` | {seconds:.1f} |")
            if not run.get("done") and run.get("stopped"):
                lines.append(f"| {config} | {SIDES[side]} | (next step, stopped by the timeout after) | "
                             f"> {run['timed_so_far_s'] - sum(run.get('steps', {}).values()):.0f} |")
            if run.get("sections"):
                parts = sorted(run["sections"].items(), key=lambda item: -item[1])
                lines.append(f"| {config} | {SIDES[side]} | of which report sections: "
                             + ", ".join(f"`{name}` {seconds:.1f}" for name, seconds in parts) + " | |")
    return "\n".join(lines)


def reading(results: dict) -> str:
    lines = []
    for config in results["configs"]:
        ours, peer = results["runs"][config].get("ours", {}), results["runs"][config].get("peer", {})
        if not ours:
            continue
        o_s = sum(ours["steps"].values()) if ours.get("done") else None
        p_s = sum(peer["steps"].values()) if peer.get("done") else None
        text = f"- {config} ({ours.get('rows')} rows): Trustboard {fmt_time(ours)} s"
        if o_s and p_s:
            text += f", explainerdashboard {p_s:.1f} s ({p_s / o_s:.1f}x Trustboard's time)"
        elif o_s and peer.get("stopped"):
            text += (f", explainerdashboard still running when stopped after {peer['timed_so_far_s']:.0f} s "
                     f"(at least {peer['timed_so_far_s'] / o_s:.1f}x Trustboard's time)")
        elif peer:
            text += f", explainerdashboard {fmt_time(peer)}"
        if ours.get("peak_rss_mib") and peer.get("peak_rss_mib"):
            text += (f"; peak RSS {ours['peak_rss_mib']:,.0f} MiB against {peer['peak_rss_mib']:,.0f} MiB"
                     + (" (the peer's peak when it was stopped)" if peer.get("stopped") else ""))
        if ours.get("static") and peer.get("static"):
            text += (f"; file {ours['static']['size_bytes'] / 2**20:.1f} MiB with {ours['static']['external_refs']} "
                     f"external references against {peer['static']['size_bytes'] / 2**20:.2f} MiB with "
                     f"{peer['static']['external_refs']}")
        if ours.get("browser"):
            text += (f". Offline, Chromium drew {ours['browser']['drawn']} of {ours['static']['figures_in_file']} "
                     f"Trustboard figures ({ours['browser']['console_errors']} console errors)")
        if peer.get("browser"):
            text += (f" and {peer['browser']['drawn']} of {peer['static']['figures_in_file']} explainerdashboard "
                     f"figures ({peer['browser']['console_errors']} console errors, window.Plotly "
                     f"{'defined' if peer['browser']['plotly_defined'] else 'undefined'})")
        lines.append(text + ".")
    for config in results["configs"]:
        peer = results["runs"][config].get("peer", {})
        if peer.get("browser") and peer["browser"]["error_samples"]:
            samples = "; ".join(f"`{e[:110]}`" for e in peer["browser"]["error_samples"][:3])
            lines.append(f"- explainerdashboard's {config} file offline, console errors include: {samples}.")
            break
    return "\n".join(lines)


METHODS = """\
How it is measured:

- Both sides get the same fitted pipeline: `ColumnTransformer(OneHotEncoder(handle_unknown="ignore",
  sparse_output=False) on text columns, passthrough numbers)` -> `RandomForestClassifier(n_estimators=100,
  random_state=0)`, trained by the shared recipe of `benchmarks/explainerdashboard_peer.py` on the same
  stratified 70/30 split with 0/1 labels; "same forest" compares hashes of the predicted probabilities
  computed in each environment. The rows are the first 300 (German credit) or 2,000 (adult income) holdout
  rows, with their labels.
- `adult_income` is the forest without a depth limit (the issue's pipeline): its trees average ~3,900
  leaves and depth ~50, where TreeSHAP costs roughly 0.6 to 1.2 s per row on this machine (depending on the
  load). `adult_income_depth8`
  is the same recipe with `max_depth=8`, added so that there is an adult comparison in which both sides
  finish.
- Each side runs in its own child process (Trustboard: the project's Python; explainerdashboard 0.5.8: its
  own venv, `benchmarks/report_peer.py`). Untimed setup: imports and training. Timed: Trustboard
  `explainers.load(model, frame, target=...)` + `explainers.report(case, path)` with all defaults (all
  sections; the "why" section computes SHAP values on a random 500 of the rows, the chosen-rows section
  explains the first row and the most confident mistake and searches counterfactuals for them);
  explainerdashboard `ClassifierExplainer(model, X, y)` + `ExplainerDashboard(explainer)` + `to_html()`
  written to a file, all defaults (so its constructor computes what the default tabs need: SHAP values on
  all rows, SHAP interaction values, permutation importances, dtreeviz shadow trees, ...; no `cats` is
  given, so its one-hot columns stay separate). One run each: the slow cases take minutes.
- Peak RSS: `ru_maxrss` of that one child from `os.wait4` (includes its imports and training; the column
  beside it is the RSS already reached before the timed steps). A stopped run's peak is the peak until it
  was killed.
- External references: `<script src>` and `<link href>` attributes starting with `http(s)://` or `//`
  (counted with Python's HTML parser, every occurrence; "distinct" counts different URLs).
- Offline rendering: Playwright + `/usr/bin/chromium --headless --no-sandbox --disable-gpu
  --disable-background-networking`, every request that is not `file://` aborted; after the load event and
  2 s, `.js-plotly-plot` elements are counted against the figures in the file (Trustboard: `<div
  id="figure-N">`; explainerdashboard: `Plotly.newPlot(` calls), console errors and page errors counted.
"""


def readme_section(results: dict, tabled: str, steps: str) -> str:
    meta = results["meta"]
    machine = meta["machine"]
    peer_versions = next((r["peer"].get("versions") for r in results["runs"].values() if r.get("peer", {}).get("versions")),
                         None)
    peer_v = ", ".join(f"{k} {v}" for k, v in (peer_versions or {}).items()) or "not run"
    return f"""
## Report: one offline HTML file, against explainerdashboard's `to_html()`

`benchmarks/report.py` (and its peer side `benchmarks/report_peer.py`) times `explainers.report(case, path)`
against `ExplainerDashboard(ClassifierExplainer(model, X, y)).to_html()` on the same forest, and checks
whether each file works without a network. This section is appended by that script (one section per run
that was asked to write it).

- Command: `{meta['command']}` (from the repository root)
- Date: {meta['date']}; whole run {meta['wall_s']:.0f} s ({meta['wall_s'] / 60:.0f} min)
- Machine: nproc {machine['nproc']}, {machine['cpu']}, {machine['memory']} RAM, Linux {machine['kernel']},
  Python {machine['python']}; load average {machine['load_average_start']} at the start and
  {meta['load_average_end']} at the end. The machine is shared and other jobs were running, so seconds
  are noisy; the two sides of a config ran back to back.
- Timeouts: explainerdashboard {meta['peer_timeout_s']:.0f} s, Trustboard {meta['ours_timeout_s']:.0f} s per
  config ("> N (stopped)" means the child was killed after N s of timed work).
- explainerdashboard environment: {peer_v}.
- For reference, {ISSUE}.

{tabled}

Timed steps; the report sections are part of `explainers.report` (the rest of it is rendering and writing):

{steps}

### Reading

{reading(results)}

{meta['reading_notes']}

{METHODS}"""


def append_readme(section: str) -> None:
    """Re-read right before appending; one O_APPEND write so that concurrent appends do not interleave."""
    existing = README.read_text(encoding="utf-8") if README.exists() else ""
    if "# Benchmarks" not in existing:
        say(f"note: {README.relative_to(ROOT)} has no '# Benchmarks' header yet (benchmarks/attributions.py "
            "writes it, and rewrites the whole file when it runs)")
    text = ("" if existing.endswith("\n") or not existing else "\n") + section.rstrip("\n") + "\n"
    fd = os.open(README, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, text.encode("utf-8"))
    finally:
        os.close(fd)
    say(f"appended the Report section to {README.relative_to(ROOT)}")


def notes(results: dict) -> str:
    """Fixed caveats that hold whatever the numbers."""
    return """\
What the numbers do and do not say:

- The two files are not the same product. Trustboard's report is a static story (summary, performance and
  threshold costs, SHAP importance / beeswarm / dependence on a sample of at most 500 rows, the chosen rows
  with waterfalls, conformal confidence and calibration, failing slices, data health, methods); it embeds
  plotly.js once, so it is several MiB but needs no network. explainerdashboard's `to_html()` is a static
  export of its default tabs; it computes more per row (SHAP on every row, SHAP interaction values, shadow
  trees for every tree) and then links plotly.js (once per figure), Bootstrap and Popper from CDNs, so the
  file is small but draws nothing without a network.
- Trustboard's time on the depth-unlimited adult forest is dominated by TreeSHAP on its 500 sampled rows
  (see the `why` section line): it grows with tree size, not with the number of rows beyond 500.
- One run per cell on a noisy shared machine: read differences of less than about 1.5x as noise."""


# ---------------------------------------------------------------- main


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--configs", nargs="+", choices=CONFIG_NAMES, default=list(CONFIG_NAMES))
    parser.add_argument("--peer-timeout", type=float, default=900.0, help="seconds per explainerdashboard run")
    parser.add_argument("--ours-timeout", type=float, default=1800.0, help="seconds per Trustboard run")
    parser.add_argument("--skip-peer", action="store_true")
    parser.add_argument("--skip-browser", action="store_true")
    parser.add_argument("--out-dir", type=Path, help="where the HTML files and JSON go (default: a new temp dir)")
    parser.add_argument("--no-readme", action="store_true", help="do not append to benchmarks/README.md")
    parser.add_argument("--child", choices=["ours"], help=argparse.SUPPRESS)
    parser.add_argument("--config", help=argparse.SUPPRESS)
    parser.add_argument("--html", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child_ours(args.config, args.html, args.out)
        return
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so that run_child's cleanup runs

    started = time.perf_counter()
    given = argv if argv is not None else sys.argv[1:]
    command = "/tmp/venv/bin/python benchmarks/report.py" + "".join(f" {a}" for a in given)
    out_dir = args.out_dir or Path(tempfile.mkdtemp(prefix="trustboard-report-bench-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    say(f"files go to {out_dir}")
    meta = {"date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"), "command": command,
            "machine": machine_facts(), "peer_timeout_s": args.peer_timeout, "ours_timeout_s": args.ours_timeout}
    if not args.skip_peer:
        ensure_peer_venv()
    results = {"meta": meta, "configs": args.configs, "runs": {}}
    sides = ("ours",) if args.skip_peer else ("ours", "peer")
    for config in args.configs:
        results["runs"][config] = {}
        for side in sides:
            html, out, log = (out_dir / f"{side}_{config}.{ext}" for ext in ("html", "json", "log"))
            for stale in (html, out):
                stale.unlink(missing_ok=True)
            if side == "ours":
                command_line = [sys.executable, str(Path(__file__).resolve()), "--child", "ours", "--config", config,
                                "--html", str(html), "--out", str(out)]
                timeout = args.ours_timeout
            else:
                command_line = [str(PEER_PYTHON), str(PEER_SCRIPT), "--data-dir", str(ROOT / "sample_models"),
                                "--config", config, "--html", str(html), "--out", str(out)]
                timeout = args.peer_timeout
            say(f"{config}: {SIDES[side]} ... (timeout {timeout:.0f} s)")
            process = run_child(command_line, timeout, log)
            run = {**(json.loads(out.read_text()) if out.exists() else {}), **process}
            if not run.get("done") and run.get("timed_start_epoch"):
                run["timed_so_far_s"] = process["ended_epoch"] - run["timed_start_epoch"]
            if not run.get("done") and not run.get("stopped"):
                tail = "\n".join(log.read_text(errors="replace").splitlines()[-15:])
                say(f"  {SIDES[side]} failed (exit {run['exit']}); end of {log}:\n{tail}")
            if html.exists() and run.get("done"):
                run["static"] = static_check(html)
            run["html"], run["log"] = str(html), str(log)
            results["runs"][config][side] = run
            say(f"  {fmt_time(run)} s timed, peak RSS {fmt_mib(run['peak_rss_mib'])} MiB, {fmt_size(run)}, "
                f"wall {process['wall_s']:.0f} s")
    (out_dir / "report_benchmark.json").write_text(json.dumps(results, indent=2, default=str))
    if not args.skip_browser:
        say("offline rendering in headless Chromium ...")
        paths = {(c, s): Path(r["html"]) for c, runs in results["runs"].items() for s, r in runs.items()
                 if r.get("static")}
        seen = browser_check({f"{c}/{s}": p for (c, s), p in paths.items()})
        for (c, s) in paths:
            results["runs"][c][s]["browser"] = seen[f"{c}/{s}"]
    meta["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    meta["parent_max_rss_mib"] = __import__("resource").getrusage(__import__("resource").RUSAGE_SELF).ru_maxrss / 1024
    meta["wall_s"] = time.perf_counter() - started
    meta["reading_notes"] = notes(results)
    tabled, steps = table(results), steps_table(results)
    say()
    say(tabled)
    say()
    say(steps)
    say()
    say(reading(results))
    say(f"\nwhole run: {meta['wall_s']:.0f} s; files and JSON in {out_dir}")
    (out_dir / "report_benchmark.json").write_text(json.dumps(results, indent=2, default=str))
    if not args.no_readme:
        append_readme(readme_section(results, tabled, steps))


if __name__ == "__main__":
    main()
