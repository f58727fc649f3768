#!/usr/bin/env python3
"""Open the built documentation in a real headless browser and check what a reader sees.

Run after the HTML build (``python3 -m nox -s docs_browser`` does both)::

    python docs/browser_check.py [docs/_build/html] [--chromium PATH] [--shots DIR]
                                 [--page PAGE ...]

It serves the built site on 127.0.0.1 (a free port) and drives the system's
Chromium (``/usr/bin/chromium`` or the one on PATH; Playwright's own browsers
are never downloaded) through Playwright. Every HTML page of the site (or
only the ``--page`` ones) is opened at two window widths, a desktop's 1280 px
and a phone's 390 px, and the check fails on:

Error boxes and error markers
    * text painted by CSS: a ``::before`` or ``::after`` whose ``content`` says
      "error", "warning", "table of contents", "unnecessary", "deprecated" or
      "failed" (Furo paints "ERROR: Adding a table of contents ..." over a
      ``.. contents::`` directive that way, with no trace in the HTML text);
    * an element of a kind only a mistake produces: a local table of contents
      (``.contents``), a docutils ``.system-message`` or ``.problematic``, an
      ``error`` admonition, a notebook cell's error, traceback or stderr output;
    * the words "System Message:" or "Traceback (most recent call last)" in
      the page's prose, or MyST / reST markup shown as text instead of being
      rendered (``{ref}`...``` or ``:func:`...``` outside code).

Content wider than its place
    * the page itself scrolling sideways: the document wider than the window;
    * anything in the page's main column that reaches past the column (Furo's
      ``.content`` box: the article and its padding, within the window)
      without a scrolling box around it. Furo hides the page's sideways
      overflow on a narrow screen, so there such content is simply cut off;
    * anything cut off: an element that hides its overflow (``overflow:
      hidden`` or ``clip``, in either direction) while its content is larger
      than its box, such as text cut off in a table cell;
    * a table cell too narrow for its content, which spills out over the
      next cell.

  A box that scrolls (``overflow-x: auto`` or ``scroll``: Furo's
  ``.table-wrapper`` around every table, its code blocks, a notebook's
  output) makes what it holds reachable, so a wide table or a long code line
  inside one is accepted at 390 px: a phone is narrower than a table of
  several columns and scrolling it sideways is what a reader expects there.
  At 1280 px a table must fit its column without scrolling (a desktop
  reader should not have to scroll a table sideways to find its last
  column); a code block may still scroll, as lines of code are not wrapped.

Broken files
    * an ``<img>`` that did not load or has no pixels (``naturalWidth`` 0),
      lazily loaded images included (they are all asked for);
    * a page without a favicon (``<link rel="icon">``), or a favicon that is
      not an image the browser can draw;
    * any request the pages make (style sheet, script, image, favicon) that
      the server answers with an HTTP error, or that fails;
    * an uncaught JavaScript error or a console error on any page.

Copy buttons
    * a code block without a copy button, on any page;
    * on ``COPY_PAGES``, a copy button that does not copy exactly the code:
      the prompted lines of an example without their ``>>>`` / ``...``
      prompts and without its output, a console session's commands without
      ``$``, every line of a block without prompts.

It also checks, as before, that a few pages render the texts they must show
(the landing page, the tutorial and its chart, the API reference, the
instruments catalogue) and that the built-in search, run by the page's own
JavaScript, finds the Trafficking in Persons Protocol for "Palermo Protocol"
among its first results.

Full-page screenshots of the key pages (``KEY_PAGES``: home, quickstart, a
guide, the API and CLI references, the catalogue's overview and statistics,
the tutorial pages) at both widths, and of the search results, are saved as
``docs/_build/screenshots/<page-slug>-<width>.png``; their paths are printed.
Checking the whole site (61 pages, twice) takes about a minute. Exit status
1 lists every problem.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import re
import shutil
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, ConsoleMessage, Error, Page, Request, Response

DOCS = Path(__file__).resolve().parent

# The window sizes every page is checked at: a desktop and a phone.
WIDTHS: dict[int, int] = {1280: 900, 390: 844}
DESKTOP = 1280

# (page, texts its rendered DOM must contain)
PAGES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("index.html", ("palermo", "a typed, offline and cited account", "Quickstart")),
    ("tutorial/parties.html", ("how the Protocol gained its parties", "parties-1.png")),
    ("api/palermo.html", ("palermo.lookup", "PartialDate", "NotFoundError")),
    ("catalogue/instruments.html", ("Trafficking in Persons Protocol", "tip-protocol")),
)
# Pages photographed whole at both widths (each must exist in the build).
KEY_PAGES: tuple[str, ...] = (
    "index.html",
    "quickstart.html",
    "guides/participation.html",
    "api/palermo.html",
    "api/cli.html",
    "catalogue/index.html",
    "catalogue/statistics.html",
    "tutorial/parties.html",
    "tutorial/notebook.html",
)
# Pages whose code blocks' copy buttons are tried: examples (">>> " and
# "... " prompts, output lines), a shell block, a console session ("$ ").
COPY_PAGES = ("quickstart.html", "guides/open-data.html")
QUERY = "Palermo Protocol"
EXPECTED_RESULT = "Trafficking in Persons Protocol"
EXPECTED_SECTION = "cat-tip-protocol"
MAX_RANK = 5
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

# Asks for every image (lazy ones too) and waits until each has loaded or failed.
LOAD_IMAGES = """async () => {
  await Promise.all([...document.images].map((img) => {
    img.loading = "eager";
    return img.complete ? null : img.decode().catch(() => null);
  }));
}"""

# What the reader would see wrong on the page, as a list of sentences.
# Called with the width the page is shown at.
AUDIT = r"""(width) => {
  const problems = [];
  const say = (text) => { if (!problems.includes(text)) problems.push(text); };
  const describe = (el) => {
    let name = el.tagName.toLowerCase();
    if (el.id) name += "#" + el.id;
    else if (el.classList.length) name += "." + [...el.classList].slice(0, 3).join(".");
    const section = el.parentElement && el.parentElement.closest("section[id]");
    if (section) name += " in #" + section.id;
    const text = (el.textContent || "").replace(/\s+/g, " ").trim();
    if (text) name += ' ("' + text.slice(0, 50) + (text.length > 50 ? "..." : "") + '")';
    return name;
  };
  const rendered = (el) => el.getClientRects().length > 0;
  const all = [...document.body.querySelectorAll("*")];

  // 1. Error boxes: painted by CSS, or markup only a mistake produces.
  const PAINTED = /error|warning|table of contents|unnecessary|deprecated|failed/i;
  for (const el of all) {
    for (const pseudo of ["::before", "::after"]) {
      const style = getComputedStyle(el, pseudo);
      const content = style.content;
      if (!content || content === "none" || content === "normal" || style.display === "none") {
        continue;
      }
      if (PAINTED.test(content)) {
        say(`${describe(el)} shows CSS-painted text ${pseudo}: ${content.slice(0, 120)}`);
      }
    }
  }
  const MARKERS = [
    // Furo's escape hatch for a table of contents wanted on purpose.
    [".contents:not(.this-will-duplicate-information-and-it-is-still-useful-here)",
     "a local table of contents (.. contents::)"],
    [".system-message", "a docutils system message"],
    [".problematic", "a docutils 'problematic' marker"],
    [".admonition.error", "an error admonition"],
    [".output.error, .output.traceback", "a notebook cell's error"],
    [".output.stderr", "a notebook cell's stderr output"],
  ];
  for (const block of document.querySelectorAll("div.highlight")) {
    if (block.querySelector("pre") && !block.querySelector("button.copybtn")) {
      say(`${describe(block)} is a code block without a copy button`);
    }
  }
  for (const [selector, what] of MARKERS) {
    for (const el of document.querySelectorAll(selector)) say(`${describe(el)} is ${what}`);
  }
  const main = document.querySelector('article[role="main"]') || document.body;
  const prose = [];
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => node.parentElement.closest("pre, code, kbd, samp, script, style")
      ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
  });
  while (walker.nextNode()) prose.push(walker.currentNode.nodeValue);
  const text = prose.join("");
  for (const marker of ["System Message:", "Traceback (most recent call last)"]) {
    if (text.includes(marker)) say(`the page's text says ${JSON.stringify(marker)}`);
  }
  const markup = text.match(/\{[a-z]+(:[a-z]+)?\}`[^`]*`|(^|\s):[a-z]+(:[a-z]+)?:`[^`]*`/);
  if (markup) say(`unrendered markup shown as text: ${markup[0].trim().slice(0, 80)}`);

  // 2. Content wider than its place.
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1) {
    say(`the page scrolls sideways: it is ${root.scrollWidth} px wide in a ` +
        `${root.clientWidth} px window`);
  }
  const scrolls = (v) => v === "auto" || v === "scroll";
  const clips = (v) => v === "hidden" || v === "clip";
  // The column: the main content's box with its padding (Furo's headings and
  // signatures reach a few pixels into it by design), within the window.
  const column = (main.closest(".content") || main).getBoundingClientRect();
  const right = Math.min(column.right, root.clientWidth);
  const left = Math.max(column.left, 0);
  const inMain = main === document.body ? all : [...main.querySelectorAll("*")];
  // Each wrong element is told once: not again for what it holds.
  const told = new Set();
  const within = (el) => {
    for (let up = el.parentElement; up; up = up.parentElement) if (told.has(up)) return true;
    return false;
  };
  for (const el of inMain) {
    if (!rendered(el) || within(el)) continue;
    const style = getComputedStyle(el);
    // Content cut off by the element's own hidden overflow.
    const cutX = clips(style.overflowX) && el.scrollWidth > el.clientWidth + 1;
    const cutY = clips(style.overflowY) && el.scrollHeight > el.clientHeight + 1;
    if ((cutX || cutY) && el.clientWidth > 0 && el.clientHeight > 0) {
      say(`${describe(el)} cuts off its content: ${el.scrollWidth}x${el.scrollHeight} px ` +
          `shown in ${el.clientWidth}x${el.clientHeight} px`);
      told.add(el);
      continue;
    }
    // A table cell whose content spills out of it, over its neighbours.
    if ((el.tagName === "TD" || el.tagName === "TH") && !clips(style.overflowX)
        && el.scrollWidth > el.clientWidth + 1) {
      say(`${describe(el)} is too narrow for its content, which spills out of it ` +
          `(${el.scrollWidth} px in ${el.clientWidth} px)`);
      told.add(el);
      continue;
    }
    // A scrolling box: a table in one must fit at desktop width.
    if (width >= 1280 && scrolls(style.overflowX) && el.scrollWidth > el.clientWidth + 1
        && el.querySelector("table")) {
      say(`${describe(el)} needs sideways scrolling at ${width} px: its table is ` +
          `${el.scrollWidth} px wide in ${el.clientWidth} px`);
      told.add(el);
      continue;
    }
    const box = el.getBoundingClientRect();
    if (box.width === 0 || (box.right <= right + 1 && box.left >= left - 1)) continue;
    // Past the column's edge: fine inside a box that scrolls, wrong otherwise.
    let holder = el.parentElement;
    let reachable = false;
    while (holder && holder !== main) {
      const overflow = getComputedStyle(holder).overflowX;
      if (scrolls(overflow)) { reachable = true; break; }
      if (clips(overflow)) break;
      holder = holder.parentElement;
    }
    if (reachable) continue;
    if (holder && holder !== main) {
      const edge = holder.getBoundingClientRect();
      if (box.right <= edge.right + 1 && box.left >= edge.left - 1) continue;
      say(`${describe(el)} is cut off by ${describe(holder).split(" (")[0]}`);
      told.add(el);
    } else {
      told.add(el);
      say(`${describe(el)} reaches past the page's column (${Math.round(box.left)}-` +
          `${Math.round(box.right)} px, the column is ${Math.round(left)}-` +
          `${Math.round(right)} px) with no scrolling box around it`);
    }
  }

  // 3. Broken images and the favicon.
  for (const img of document.images) {
    if (!img.complete || img.naturalWidth === 0) {
      say(`image ${img.getAttribute("src")} did not load`);
    }
  }
  const icon = document.querySelector('link[rel~="icon"]');
  if (!icon) say("the page links no favicon");
  return {problems, icon: icon ? icon.href : null};
}"""

# Whether a favicon is an image the browser can draw.
DRAWS = """async (href) => {
  const img = new Image();
  img.src = href;
  try { await img.decode(); } catch (e) { return false; }
  return img.naturalWidth > 0;
}"""


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site quietly and remembers every request and its status."""

    log: list[tuple[str, int]]

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        self.log.append((self.path, int(code) if str(code).isdigit() else 0))

    def log_message(self, format: str, *args: object) -> None:
        pass


def find_chromium(given: str | None) -> str:
    for candidate in (given, "/usr/bin/chromium", "chromium", "chromium-browser"):
        if candidate and (found := shutil.which(candidate)):
            return found
    raise SystemExit("no Chromium found: install Debian's 'chromium' package")


def slug(page: str) -> str:
    """``guides/participation.html`` -> ``guides-participation``."""
    return page.removesuffix(".html").replace("/", "-")


def all_pages(html_dir: Path) -> list[str]:
    return sorted(path.relative_to(html_dir).as_posix() for path in html_dir.rglob("*.html"))


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


@contextmanager
def serve(html_dir: Path, log: list[tuple[str, int]]) -> Iterator[str]:
    """Serve ``html_dir`` on a free local port; yields the base address."""
    handler = type("Handler", (_Handler,), {"log": log})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(html_dir))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class Reader:
    """One browser window of a given width, recording what goes wrong in it."""

    def __init__(self, context: BrowserContext, width: int) -> None:
        self.width = width
        self.page: Page = context.new_page()
        self.events: list[str] = []
        self.page.on("pageerror", self._error)
        self.page.on("console", self._console)
        self.page.on("requestfailed", self._failed)
        self.page.on("response", self._response)

    def _error(self, error: Error) -> None:
        self.events.append(f"JavaScript error: {error}")

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.events.append(f"console error: {message.text}")

    def _failed(self, request: Request) -> None:
        # A request the browser itself gives up when the next page is opened
        # (the favicon, fetched after the page's load) ends as ERR_ABORTED:
        # not a broken file. The server's log still shows every real error.
        if "ERR_ABORTED" not in (request.failure or ""):
            self.events.append(f"request failed: {request.url} ({request.failure})")

    def _response(self, response: Response) -> None:
        if response.status >= 400:
            self.events.append(f"HTTP {response.status} for {response.url}")

    def open(self, url: str) -> list[str]:
        """Load ``url``, wait for its images; the problems the page's loading had."""
        self.events.clear()
        self.page.goto(url, wait_until="load")
        self.page.evaluate(LOAD_IMAGES)
        return list(self.events)


def check_search(reader: Reader, base: str, html_dir: Path, shots: Path) -> list[str]:
    problems: list[str] = []
    url = f"{base}search.html?q={QUERY.replace(' ', '+')}"
    problems += reader.open(url)
    reader.page.wait_for_function(
        "() => /Search finished/.test(document.querySelector('#search-results')?.innerText)",
        timeout=30_000,
    )
    found: list[list[str]] = reader.page.eval_on_selector_all(
        "ul.search > li",
        "items => items.map(li => [li.querySelector('a')?.getAttribute('href') || '',"
        " li.innerText.replace(/\\s+/g, ' ').trim()])",
    )
    results = [(href, text) for href, text in found]
    print(f"search for {QUERY!r}: {len(results)} results; first ones:")
    for href, text in results[:8]:
        print(f"  - {text[:90]}  [{href}]")
    # The Protocol must be found by its common name: a result that lands in
    # its catalogue entry, whose page names it.
    hits = [
        (href, text) for href, text in results if section_of(html_dir, href) == EXPECTED_SECTION
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
    target = shots / f"search-{reader.width}.png"
    reader.page.screenshot(path=str(target), full_page=True)
    print(f"screenshot: {target}")
    if hits:
        page = hits[0][0].partition("#")[0]
        problems += [f"{page}: {p}" for p in reader.open(base + page)]
        # The search highlights the query's words, so compare text, not markup.
        shown = " ".join(reader.page.inner_text("body").split())
        if EXPECTED_RESULT not in shown:
            problems.append(f"{page}: the result's page does not show {EXPECTED_RESULT!r}")
    return problems


def expected_copy(shown: str) -> list[str]:
    """What a code block's copy button should copy: with prompts, only the
    prompted lines, without their prompts; without, every line."""
    lines = shown.rstrip("\n").splitlines()
    prompted = [line for line in lines if re.match(r"(>>>|\.\.\.|\$) ", line)]
    if not prompted:
        return lines
    return [re.sub(r"^(>>>|\.\.\.|\$) ", "", line) for line in prompted]


def check_copy_buttons(reader: Reader, base: str) -> list[str]:
    """Each code block of COPY_PAGES copies its code, without prompts or output."""
    problems: list[str] = []
    for page in COPY_PAGES:
        problems += reader.open(base + page)
        blocks = reader.page.locator("div.highlight")
        for i in range(blocks.count()):
            block = blocks.nth(i)
            shown = block.locator("pre").inner_text()
            block.hover()
            block.locator("button.copybtn").click()
            copied: str = reader.page.evaluate("() => navigator.clipboard.readText()")
            if copied.rstrip("\n").splitlines() != expected_copy(shown):
                problems.append(
                    f"{page}: the copy button of code block {i + 1} copies {copied[:80]!r}, "
                    f"not {expected_copy(shown)[:2]!r}..."
                )
        print(f"{page}: {blocks.count()} copy buttons copy the code without prompts")
    return problems


def check(html_dir: Path, chromium: str, shots: Path, pages: list[str]) -> list[str]:
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    log: list[tuple[str, int]] = []
    icons: dict[str, bool] = {}
    wanted = dict(PAGES)
    shots.mkdir(parents=True, exist_ok=True)
    missing_keys = [page for page in KEY_PAGES if not (html_dir / page).is_file()]
    problems += [f"{page}: a key page is missing from the build" for page in missing_keys]
    with serve(html_dir, log) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=LAUNCH_ARGS)
        try:
            for width, height in WIDTHS.items():
                phone = width < DESKTOP
                context = browser.new_context(
                    viewport={"width": width, "height": height},
                    is_mobile=phone,
                    has_touch=phone,
                    permissions=["clipboard-read", "clipboard-write"],
                )
                reader = Reader(context, width)
                started = time.monotonic()
                for page in pages:
                    found = [f"{page} at {width} px: {e}" for e in reader.open(base + page)]
                    audit: dict[str, Any] = reader.page.evaluate(AUDIT, width)
                    found += [f"{page} at {width} px: {p}" for p in audit["problems"]]
                    icon = audit["icon"]
                    if icon and icon not in icons:
                        icons[icon] = bool(reader.page.evaluate(DRAWS, icon))
                        if not icons[icon]:
                            found.append(f"{page}: the favicon {icon} is not an image")
                    if page in wanted and width == DESKTOP:
                        dom = reader.page.content()
                        lacking = [w for w in wanted[page] if w not in dom]
                        if lacking:
                            found.append(f"{page}: rendered page lacks {lacking}")
                    if page in KEY_PAGES:
                        target = shots / f"{slug(page)}-{width}.png"
                        reader.page.screenshot(path=str(target), full_page=True)
                        print(f"screenshot: {target}")
                    print(f"{page} at {width} px: {len(found)} problems")
                    problems += found
                print(
                    f"{len(pages)} pages checked at {width} px in "
                    f"{time.monotonic() - started:.0f} s"
                )
                if not phone:
                    problems += check_search(reader, base, html_dir, shots)
                    problems += check_copy_buttons(reader, base)
                context.close()
        finally:
            browser.close()
    failed = sorted({f"{path} -> {code}" for path, code in log if code >= 400})
    problems += [f"request failed: {f}" for f in failed]
    loaded = [path for path, code in log if code == 200]
    print(f"{len(log)} requests served, {len(failed)} failed")
    if "tutorial/parties.html" in pages and not any(
        path.endswith("parties-1.png") for path in loaded
    ):
        problems.append("the tutorial's chart was never loaded")
    if not any(path.startswith("/searchindex.js") for path in loaded):
        problems.append("the search page never loaded its index")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check the built docs in headless Chromium.")
    parser.add_argument("html", nargs="?", type=Path, default=DOCS / "_build" / "html")
    parser.add_argument("--chromium", help="the browser to run (default: /usr/bin/chromium)")
    parser.add_argument("--shots", type=Path, default=DOCS / "_build" / "screenshots")
    parser.add_argument(
        "--page",
        action="append",
        help="check only this page (relative to the site, repeatable; default: every page)",
    )
    args = parser.parse_args(argv)
    if not (args.html / "index.html").is_file():
        print(f"{args.html}/index.html is missing: build the HTML first", file=sys.stderr)
        return 1
    pages = args.page or all_pages(args.html)
    started = time.monotonic()
    problems = check(args.html, find_chromium(args.chromium), args.shots, pages)
    for problem in problems:
        print(f"problem: {problem}", file=sys.stderr)
    print(f"{len(pages)} pages at {len(WIDTHS)} widths in {time.monotonic() - started:.0f} s")
    if problems:
        print(f"browser check failed: {len(problems)} problems", file=sys.stderr)
        return 1
    print("browser check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
