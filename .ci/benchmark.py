"""Measure the site against its speed and size goals, on demand: `bash .ci/dev benchmark`.

Two parts, each optional (--build, --pages; both by default):

build   The floor (every tutorial run as a plain `python` script, one after another), then
        `mkdocs build` cold (no caches), warm (nothing changed), after editing one line of
        prose of the first tutorial (its page is rendered again from stored outputs) and
        after editing one line of its code (it runs again), and the rebuilds of
        `mkdocs serve` after the same edits. Medians of --repeat runs, on a copy of the
        project.
pages   Builds the site, serves it with gzip on 127.0.0.1 as a static host does, and runs
        Lighthouse (simulated mobile) on the home page and every other page: scores, bytes
        transferred, Largest Contentful Paint, Total Blocking Time and the hosts contacted,
        with Lighthouse's benchmark index of the machine's CPU. The same for the seed
        tutorial rendered by mkdocs-jupyter with its default options, for comparison.

--readme writes the tables into README.md between the benchmark markers.
Needs Node.js and npm (Lighthouse is installed into .cache/) and Debian's chromium.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import importlib.metadata
import json
import mimetypes
import os
import platform
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE_VERSION = "12.2.3"
LIGHTHOUSE_DIR = ROOT / ".cache" / "lighthouse"
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync"
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
GOALS = {"performance": 0.98, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}
SEED_PAGE_KIB = 150
SEED = "kmeans_clustering.py"
LIGHTHOUSE_RUNS = 9  # per page: on a shared machine, a median of nine steadies the scores
MARKERS = ("<!-- benchmark:start -->", "<!-- benchmark:end -->")
ENV = {
    **os.environ,
    "NO_MKDOCS_2_WARNING": "1",
    "NBCONVERT_DISABLE_CONFIG_EXPORTERS": "1",
    "MPLBACKEND": "Agg",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", action="store_true", help="measure build times only")
    parser.add_argument("--pages", action="store_true", help="measure pages only")
    parser.add_argument("--repeat", type=int, default=3, help="runs per build measurement")
    parser.add_argument("--readme", action="store_true", help="write the tables into README")
    args = parser.parse_args()
    both = not (args.build or args.pages)
    sections = [f"Measured {dt.date.today().isoformat()} on {_machine()}; {_versions()}."]
    if args.build or both:
        sections.append(build_benchmark(args.repeat))
    if args.pages or both:
        sections.append(pages_benchmark())
    text = "\n\n".join(sections)
    print(text)
    if args.readme:
        _write_readme(text)


# --- build times ----------------------------------------------------------------------------


def build_benchmark(repeat: int) -> str:
    with tempfile.TemporaryDirectory(prefix="benchmark-") as directory:
        project = _copy_project(Path(directory))
        tutorials = sorted((project / "tutorial_src").glob("*.py"))
        seed = project / "tutorial_src" / SEED
        # The floor and the cold build take turns, so that a machine that slows down or
        # speeds up during the benchmark moves both alike, not only their ratio.
        floor_runs: dict[str, list[tuple[float, float]]] = {path.name: [] for path in tutorials}
        cold_runs = []
        for _ in range(repeat):
            for path in tutorials:
                floor_runs[path.name].append(_with_cpu(partial(_run_script, path)))
            cold_runs.append(_cold_build(project))
        floors = {name: _median_of(runs, 0) for name, runs in floor_runs.items()}
        floor = sum(floors.values())
        cold = statistics.median(cold_runs)
        warm = _median(repeat, partial(_build, project))
        prose = _median(repeat, partial(_edit_and_build, project, seed, _append_prose))
        code = _median(repeat, partial(_edit_and_build, project, seed, _append_code))
        serve_prose = _serve_edit(project, seed, repeat, _append_prose)
        serve_code = _serve_edit(project, seed, repeat, _append_code)
        alone = _seed_alone(Path(directory) / "seed-alone")
        alone_runs = [_with_cpu(partial(_cold_build, alone)) for _ in range(repeat)]
    cold_alone = _median_of(alone_runs, 0)
    goal_cold = 1.0 if len(tutorials) == 1 else 0.75
    rows = [
        ("Floor: every tutorial as a plain script", floor, "", ""),
        ("Cold build (no cache)", cold, f"{cold / floor:.2f}x floor", f"<= {goal_cold}x floor"),
        ("Warm build (nothing changed)", warm, f"{warm / cold:.2f}x cold", "<= 0.2x cold"),
        (
            f"Cold build of {seed.name} alone",
            cold_alone,
            f"{cold_alone / floors[seed.name]:.2f}x its floor",
            "<= 1.0x its floor",
        ),
        *(
            _edit_row(command, edit, seconds, warm, floors[seed.name])
            for command, edit, seconds in [
                ("`mkdocs build`", f"editing prose of {seed.name}", prose),
                ("`mkdocs build`", f"editing code of {seed.name}", code),
                ("`mkdocs serve` rebuild", "the prose edit", serve_prose),
                ("`mkdocs serve` rebuild", "the code edit", serve_code),
            ]
        ),
    ]
    scripts = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in floors.items())
    lines = [
        f"**Build times** ({len(tutorials)} tutorials, {os.cpu_count()} cores, median of "
        f"{repeat} runs). Each tutorial as a plain script: {scripts}.",
        "",
        "| Measure | Seconds | Ratio | Goal |",
        "| --- | ---: | --- | --- |",
        *[f"| {name} | {seconds:.2f} | {ratio} | {goal} |" for name, seconds, ratio, goal in rows],
        "",
        _cpu_note(seed.name, _median_of(floor_runs[seed.name], 1), _median_of(alone_runs, 1)),
    ]
    return "\n".join(lines)


def _cpu_note(name: str, script_cpu: float, build_cpu: float) -> str:
    """What the CPU time of the seed tutorial's cold build alone allows on this machine."""
    cores = os.cpu_count() or 1
    return (
        f"CPU time of {name} (user and system, every process): {script_cpu:.2f} s as a plain "
        f"script, {build_cpu:.2f} s in its cold build alone. On {cores} cores, that build "
        f"cannot end in less than {build_cpu / cores:.2f} s, however its work is scheduled."
    )


def _edit_row(command: str, edit: str, seconds: float, warm: float, floor: float) -> tuple:
    """A table row for a rebuild after an edit: the goal is warm + 1.2x the tutorial's floor."""
    share = (seconds - warm) / floor  # below 0 where serve, already started, beats a build
    ratio = f"warm {'+' if share >= 0 else '-'} {abs(share):.2f}x its floor"
    return (f"{command} after {edit}", seconds, ratio, f"<= {warm + 1.2 * floor:.2f} s")


def _run_script(path: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, path.name], cwd=path.parent, env=ENV, check=True, capture_output=True
    )
    return time.perf_counter() - started


def _build(project: Path, env: dict | None = None) -> float:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"],
        cwd=project,
        env=env or ENV,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise SystemExit(f"build failed:\n{result.stdout}{result.stderr}")
    return time.perf_counter() - started


def _cold_build(project: Path) -> float:
    shutil.rmtree(project / ".cache", ignore_errors=True)
    shutil.rmtree(project / "site", ignore_errors=True)
    return _build(project)


def _edit_and_build(project: Path, tutorial: Path, edit) -> float:
    edit(tutorial)
    return _build(project)


def _append_prose(tutorial: Path) -> None:
    stamp = time.time_ns()
    with tutorial.open("a", encoding="utf-8") as file:
        file.write(f"\n# %% [markdown]\n# An edited sentence ({stamp}).\n")


def _append_code(tutorial: Path) -> None:
    stamp = time.time_ns()
    with tutorial.open("a", encoding="utf-8") as file:
        file.write(f"\n# %%\nedited = {stamp}\n")


def _serve_edit(project: Path, tutorial: Path, repeat: int, edit) -> float:
    """Seconds `mkdocs serve` takes to rebuild the site after `edit`, median.

    A rebuild is timed from MkDocs' "Building documentation..." to its "Reloading browsers":
    loading the configuration and building, without the fraction of a second its file watcher
    waits before starting. (MkDocs' own "Documentation built in" line leaves out the
    configuration, and is not printed again when a rebuild takes as long as an earlier one.)
    """
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[tuple[float, str]] = []  # when each line arrived, and the line

    def read():
        for line in process.stdout:
            lines.append((time.monotonic(), line))

    threading.Thread(target=read, daemon=True).start()
    try:
        _wait_for(lambda: any("Serving on" in line for _, line in lines), 300, lines)
        times = []
        for _ in range(repeat):
            seen = len(_rebuild_times(lines))
            edit(tutorial)
            _wait_for(lambda s=seen: len(_rebuild_times(lines)) > s, 300, lines)
            times.append(_rebuild_times(lines)[-1])
            time.sleep(1)
        return statistics.median(times)
    finally:
        process.terminate()
        process.wait(timeout=30)


def _rebuild_times(lines: list[tuple[float, str]]) -> list[float]:
    """Seconds of each rebuild that `mkdocs serve` finished, from the times its lines came."""
    times, serving, started = [], False, None
    for at, line in list(lines):
        if "Serving on" in line:
            serving = True
        elif serving and "Building documentation" in line:
            started = at
        elif "Reloading browsers" in line and started is not None:
            times.append(at - started)
            started = None
    return times


# --- pages ----------------------------------------------------------------------------------


def pages_benchmark() -> str:
    lighthouse = _lighthouse()
    with tempfile.TemporaryDirectory(prefix="benchmark-") as directory:
        directory = Path(directory)
        port = _free_port()
        site = directory / "site"
        project = _copy_project(directory / "project")
        _build_site(project, site, f"http://127.0.0.1:{port}/")
        pages = ["", *sorted(p.parent.relative_to(site).as_posix() + "/" for p in _pages(site))]
        with _serving(site, port):
            rows = [
                _lighthouse_row(lighthouse, f"http://127.0.0.1:{port}/{page}") for page in pages
            ]
        baseline = _baseline(lighthouse, directory / "baseline")
    seed = next(row for row in rows if "kmeans-clustering" in row["page"])
    lines = [
        "**Pages** (Lighthouse "
        f"{LIGHTHOUSE_VERSION}, simulated mobile, served with gzip on 127.0.0.1, median of "
        f"{LIGHTHOUSE_RUNS} runs; goals: "
        "performance >= 0.98, accessibility, best practices and SEO 1.00, the seed tutorial "
        f"page <= {SEED_PAGE_KIB} KiB; {seed['page']}: {seed['kib']:.0f} KiB; Lighthouse's "
        "benchmark index of this machine's CPU, which the simulated phone is four times "
        f"slower than: {statistics.median(row['index'] for row in rows):.0f}):",
        "",
        "| Page | Performance | Accessibility | Best practices | SEO | KiB | LCP | TBT | Hosts |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
        *[_table_row(row) for row in rows],
        _table_row(baseline, "mkdocs-jupyter defaults, same tutorial"),
    ]
    return "\n".join(lines)


def _table_row(row: dict, label: str | None = None) -> str:
    scores = " | ".join(f"{row[c]:.2f}" for c in CATEGORIES)
    page = label or f"`{row['page']}`"
    kib, lcp, tbt = f"{row['kib']:.0f}", f"{row['lcp']:.1f} s", f"{row['tbt']:.0f} ms"
    return f"| {page} | {scores} | {kib} | {lcp} | {tbt} | {row['hosts']} |"


def _lighthouse_row(lighthouse: Path, url: str) -> dict:
    """The median of several Lighthouse runs on `url`."""
    runs = [_lighthouse_run(lighthouse, url) for _ in range(LIGHTHOUSE_RUNS)]
    keys = (*CATEGORIES, "kib", "lcp", "tbt", "index")
    row = {key: statistics.median(run[key] for run in runs) for key in keys}
    row.update(page=runs[0]["page"], hosts=", ".join(sorted({run["hosts"] for run in runs})))
    return row


def _lighthouse_run(lighthouse: Path, url: str) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json") as report:
        subprocess.run(
            [
                str(lighthouse),
                url,
                "--quiet",
                "--output=json",
                f"--output-path={report.name}",
                f"--chrome-flags={CHROME_FLAGS}",
                f"--only-categories={','.join(CATEGORIES)}",
            ],
            env={**os.environ, "CHROME_PATH": shutil.which("chromium") or "chromium"},
            check=True,
            capture_output=True,
        )
        result = json.loads(Path(report.name).read_text("utf-8"))
    audits = result["audits"]
    requests = audits["network-requests"]["details"]["items"]
    hosts = sorted(
        {urlparse(r["url"]).netloc for r in requests if not r["url"].startswith("data:")}
    )
    row = {c: result["categories"][c]["score"] for c in CATEGORIES}
    row.update(
        page=urlparse(url).path,
        kib=audits["total-byte-weight"]["numericValue"] / 1024,
        lcp=audits["largest-contentful-paint"]["numericValue"] / 1000,
        tbt=audits["total-blocking-time"]["numericValue"],
        hosts=", ".join(hosts),
        # How fast Lighthouse found the CPU: its simulated phone is this machine slowed
        # fourfold, so the scores depend on it.
        index=result["environment"]["benchmarkIndex"],
    )
    return row


def _baseline(lighthouse: Path, directory: Path) -> dict:
    """The seed tutorial as a page of mkdocs-jupyter with its defaults, and Material's."""
    docs = directory / "docs"
    docs.mkdir(parents=True)
    (docs / SEED).write_text(_seed_text(), "utf-8")
    config = {
        "site_name": "Baseline",
        "theme": {"name": "material"},
        "plugins": [{"mkdocs-jupyter": {"execute": True}}],
    }
    (directory / "mkdocs.yml").write_text(json.dumps(config), "utf-8")
    port = _free_port()
    _build_site(directory, directory / "site", f"http://127.0.0.1:{port}/")
    with _serving(directory / "site", port):
        return _lighthouse_row(lighthouse, f"http://127.0.0.1:{port}/{Path(SEED).stem}/")


def _build_site(project: Path, site: Path, url: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(site)],
        cwd=project,
        env={**ENV, "SITE_URL": url},
        check=True,
        capture_output=True,
    )


def _pages(site: Path) -> list[Path]:
    return [
        path
        for path in site.rglob("index.html")
        if path.parent != site and not path.relative_to(site).parts[0].startswith("search")
    ]


def _lighthouse() -> Path:
    binary = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        LIGHTHOUSE_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--no-save", "--exact", f"lighthouse@{LIGHTHOUSE_VERSION}"],
            cwd=LIGHTHOUSE_DIR,
            check=True,
            capture_output=True,
        )
    return binary


class _GzipHandler(SimpleHTTPRequestHandler):
    """Static files as a static host serves them: gzip for text, a short cache lifetime."""

    compressible = ("text/", "application/javascript", "application/json", "image/svg+xml")

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404)
            return
        data = path.read_bytes()
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Cache-Control", "max-age=600")
        if "gzip" in self.headers.get("Accept-Encoding", "") and kind.startswith(self.compressible):
            data = gzip.compress(data, compresslevel=6)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class _serving:
    def __init__(self, directory: Path, port: int):
        handler = partial(_GzipHandler, directory=str(directory))
        self.server = ThreadingHTTPServer(("127.0.0.1", port), handler)

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


# --- helpers --------------------------------------------------------------------------------


def _copy_project(destination: Path) -> Path:
    ignore = shutil.ignore_patterns("__pycache__", ".cache")
    for name in ("docs", "tutorial_src"):
        shutil.copytree(ROOT / name, destination / name, ignore=ignore)
    shutil.copy(ROOT / "mkdocs.yml", destination / "mkdocs.yml")
    return destination


def _seed_alone(destination: Path) -> Path:
    """A copy of the project with the seed tutorial as its only post.

    Its links to the other posts become plain text, and the home page keeps only its title
    (it links to the series): prose only, which changes nothing the build executes.
    """
    project = _copy_project(destination)
    for path in (project / "tutorial_src").glob("*.py"):
        if path.name != SEED:
            path.unlink()
    (project / "tutorial_src" / SEED).write_text(_seed_text(), "utf-8")
    (project / "docs" / "index.md").write_text("# Clustering with Python\n", "utf-8")
    return project


def _seed_text() -> str:
    """The seed tutorial, its links to the other posts turned into plain text."""
    text = (ROOT / "tutorial_src" / SEED).read_text("utf-8")
    return re.sub(r"\[([^]]+)\]\([\w-]+\.py(#[\w-]*)?\)", r"\1", text)


def _with_cpu(measure) -> tuple[float, float]:
    """Seconds `measure` returns, and the CPU seconds of the processes it ran and waited for.

    The children's CPU time counts what a child's own children used too, once each has been
    waited for: a build's kernels, its zygote and MkDocs, but not this process.
    """
    before = _children_cpu()
    seconds = measure()
    return seconds, _children_cpu() - before


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _median_of(runs: list[tuple[float, ...]], index: int) -> float:
    return statistics.median(run[index] for run in runs)


def _median(repeat: int, measure) -> float:
    return statistics.median(measure() for _ in range(repeat))


def _wait_for(condition, timeout: float, lines: list[tuple[float, str]]) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            tail = "".join(line for _, line in lines[-40:])
            raise SystemExit(f"timed out waiting for mkdocs serve; its last lines:\n{tail}")
        time.sleep(0.02)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _machine() -> str:
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores"


def _versions() -> str:
    packages = ("mkdocs", "mkdocs-material", "mkdocs-jupyter", "scikit-learn")
    names = [f"{name} {importlib.metadata.version(name)}" for name in packages]
    chromium = subprocess.run(
        ["chromium", "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return f"Python {platform.python_version()}, " + ", ".join(names) + f", {chromium}"


def _write_readme(text: str) -> None:
    readme = ROOT / "README.md"
    content = readme.read_text("utf-8")
    start, end = MARKERS
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.S)
    if not pattern.search(content):
        raise SystemExit(f"README.md has no {start} ... {end} section")
    readme.write_text(pattern.sub(lambda _: f"{start}\n{text}\n{end}", content), "utf-8")


if __name__ == "__main__":
    main()
