#!/usr/bin/env python3
"""Open the built documentation in a real headless browser and check it.

Run after the HTML build (``python3 -m nox -s docs_browser`` does both)::

    python docs/browser_check.py [docs/_build/html] [--chromium PATH]

It serves the built site on 127.0.0.1 (a free port), renders pages with
headless Chromium (``--dump-dom``) and checks that:

* the landing page, the tutorial and the API reference render their content,
  and every file they load (style sheets, scripts, the tutorial's chart) is
  served without an error;
* the built-in search, run by the page's own JavaScript, finds the
  Trafficking in Persons Protocol for the query "Palermo Protocol";
* no page logs an uncaught JavaScript error.

It saves screenshots of the landing page and of the search results to
``docs/_build/screenshot.png`` and ``docs/_build/screenshot-search.png``.
Exit status 1 lists every problem.
"""

from __future__ import annotations

import argparse
import functools
import html
import http.server
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

DOCS = Path(__file__).resolve().parent

# (page, texts its rendered DOM must contain)
PAGES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("index.html", ("palermo", "a typed, offline and cited account", "Quickstart")),
    ("tutorial/parties.html", ("how the Protocol gained its parties", "parties-1.png")),
    ("api/palermo.html", ("palermo.lookup", "PartialDate", "NotFoundError")),
    ("catalogue/instruments.html", ("Trafficking in Persons Protocol", "tip-protocol")),
)
QUERY = "Palermo Protocol"
EXPECTED_RESULT = "Trafficking in Persons Protocol"
EXPECTED_SECTION = "cat-tip-protocol"
MAX_RANK = 5


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site quietly and remembers every request and its status."""

    log: list[tuple[str, int]]

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        self.log.append((self.path, int(code) if str(code).isdigit() else 0))

    def log_message(self, format: str, *args: object) -> None:
        pass


def find_chromium(given: str | None) -> str:
    for candidate in (given, "chromium", "chromium-browser", "google-chrome"):
        if candidate and (found := shutil.which(candidate)):
            return found
    raise SystemExit("no Chromium found: install Debian's 'chromium' package")


def run_chromium(chromium: str, profile: str, url: str, *extra: str) -> tuple[str, str]:
    cmd = [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--no-first-run",
        "--enable-logging=stderr",
        f"--user-data-dir={profile}",
        "--virtual-time-budget=10000",
        *extra,
        url,
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"chromium exited with {done.returncode}: {done.stderr[-2000:]}")
    return done.stdout, done.stderr


def js_errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "Uncaught" in line]


def search_results(dom: str) -> list[tuple[str, str]]:
    """Each search result's link and text, in order."""
    match = re.search(r'<ul[^>]*class="search"[^>]*>(.*?)</ul>', dom, re.S)
    if match is None:
        return []
    results = []
    for item in re.findall(r"<li[^>]*>(.*?)</li>", match.group(1), re.S):
        href = re.search(r'<a[^>]*href="([^"]*)"', item)
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", item)).split())
        results.append((html.unescape(href.group(1)) if href else "", text))
    return results


def section_of(html_dir: Path, href: str) -> str | None:
    """The id of the catalogue entry (``cat-...`` section) a result link lands in."""
    page, _, anchor = href.partition("#")
    path = html_dir / page.split("?")[0]
    if not anchor or not path.is_file():
        return None
    text = path.read_text(encoding="utf-8")
    at = text.find(f'id="{anchor}"')
    if at < 0:
        return None
    sections = re.findall(r'<section id="(cat-[^"]+)"', text[:at])
    return sections[-1] if sections else None


def check(html_dir: Path, chromium: str, shots: Path) -> list[str]:
    problems: list[str] = []
    log: list[tuple[str, int]] = []
    handler = type("Handler", (_Handler,), {"log": log})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(html_dir))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with tempfile.TemporaryDirectory() as profile:
            for page, wanted in PAGES:
                dom, stderr = run_chromium(chromium, profile, base + page, "--dump-dom")
                missing = [w for w in wanted if w not in dom]
                if missing:
                    problems.append(f"{page}: rendered page lacks {missing}")
                problems += [f"{page}: {e}" for e in js_errors(stderr)]
                print(
                    f"{page}: {len(dom)} characters of DOM, {len(wanted) - len(missing)}"
                    f"/{len(wanted)} expected texts"
                )
            query = QUERY.replace(" ", "+")
            dom, stderr = run_chromium(
                chromium, profile, f"{base}search.html?q={query}", "--dump-dom"
            )
            problems += [f"search.html: {e}" for e in js_errors(stderr)]
            results = search_results(dom)
            print(f"search for {QUERY!r}: {len(results)} results; first ones:")
            for href, text in results[:8]:
                print(f"  - {text[:90]}  [{href}]")
            # The Protocol must be found by its common name: a result that
            # lands in its catalogue entry, whose page names it.
            hits = [
                (href, text)
                for href, text in results
                if section_of(html_dir, href) == EXPECTED_SECTION
            ]
            if not hits:
                problems.append(
                    f"search for {QUERY!r} did not find the {EXPECTED_RESULT} ({EXPECTED_SECTION})"
                )
            else:
                rank = results.index(hits[0]) + 1
                print(f"found the {EXPECTED_RESULT} at rank {rank}: {hits[0][1]} [{hits[0][0]}]")
                if rank > MAX_RANK:
                    problems.append(f"the {EXPECTED_RESULT} is only result {rank} of the search")
                page = hits[0][0].partition("#")[0]
                target_dom, _ = run_chromium(chromium, profile, base + page, "--dump-dom")
                # The search highlights the query's words, so compare text, not markup.
                if EXPECTED_RESULT not in " ".join(re.sub(r"<[^>]+>", "", target_dom).split()):
                    problems.append(f"{page}: the result's page does not show {EXPECTED_RESULT!r}")
            shots.mkdir(parents=True, exist_ok=True)
            for name, url in (
                ("screenshot.png", base + "index.html"),
                ("screenshot-search.png", f"{base}search.html?q={query}"),
            ):
                target = shots / name
                run_chromium(
                    chromium, profile, url, f"--screenshot={target}", "--window-size=1280,900"
                )
                if not target.is_file() or target.stat().st_size == 0:
                    problems.append(f"no screenshot written to {target}")
                else:
                    print(f"screenshot: {target} ({target.stat().st_size} bytes)")
    finally:
        server.shutdown()
        server.server_close()
    # Browsers ask for /favicon.ico by themselves; the site does not link one.
    failed = sorted(
        {f"{path} -> {code}" for path, code in log if code >= 400 and path != "/favicon.ico"}
    )
    problems += [f"request failed: {f}" for f in failed]
    loaded = [path for path, code in log if code == 200]
    print(f"{len(log)} requests served, {len(failed)} failed")
    if not any(path.endswith("parties-1.png") for path in loaded):
        problems.append("the tutorial's chart was never loaded")
    if not any(path.startswith("/searchindex.js") for path in loaded):
        problems.append("the search page never loaded its index")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check the built docs in headless Chromium.")
    parser.add_argument("html", nargs="?", type=Path, default=DOCS / "_build" / "html")
    parser.add_argument("--chromium", help="the browser to run (default: found on PATH)")
    parser.add_argument("--shots", type=Path, default=DOCS / "_build")
    args = parser.parse_args(argv)
    if not (args.html / "index.html").is_file():
        print(f"{args.html}/index.html is missing: build the HTML first", file=sys.stderr)
        return 1
    problems = check(args.html, find_chromium(args.chromium), args.shots)
    for problem in problems:
        print(f"problem: {problem}", file=sys.stderr)
    if problems:
        return 1
    print("browser check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
