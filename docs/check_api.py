#!/usr/bin/env python3
"""Check that every public name is documented, with an example, in the built docs.

Run after the HTML build (``python3 -m nox -s docs`` does)::

    python docs/check_api.py [docs/_build/html]

For every name in ``palermo.__all__`` (and in the ``__all__`` of the public
submodules documented beside it) it checks that:

* the name is in the site's object inventory (``objects.inv``), so the API
  reference has an entry for it and cross-references to it resolve;
* that entry has a description and shows at least one example (``>>>``) —
  taken from the docstring, or written in the reference for names that have
  no docstring of their own (the collections, the versions, type aliases);
* a class, function or module has a docstring of its own;
* every parameter of a public function or method is described (an
  ``Args:`` entry, or the parameter named in the text);
* a public function or method that can raise says so in a ``Raises:``
  section: its own code raises, calls one of the argument checks, or hands
  the call to a :class:`palermo.Dataset` method whose docstring lists errors.

It also checks that the pages run their examples: a Markdown code fence
holding ``>>>`` must be a ``{doctest}`` block, or the doctest builder would
not run it. Exit status 1 lists every problem.
"""

from __future__ import annotations

import ast
import html
import html.parser
import importlib
import inspect
import re
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sphinx.util.inventory import InventoryFile

DOCS = Path(__file__).resolve().parent
PUBLIC_MODULES = ("palermo", "palermo.participation")


class _Entry(html.parser.HTMLParser):
    """Collect the text of the ``<dd>`` that follows the ``<dt id=anchor>``."""

    def __init__(self, anchor: str) -> None:
        super().__init__(convert_charrefs=True)
        self.anchor = anchor
        self.state = "before"  # before -> after-dt -> in-dd -> done
        self.depth = 0
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.state == "before" and tag == "dt" and ("id", self.anchor) in attrs:
            self.state = "after-dt"
        elif self.state == "after-dt" and tag == "dd":
            self.state, self.depth = "in-dd", 1
        elif self.state == "in-dd" and tag == "dd":
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if self.state == "in-dd" and tag == "dd":
            self.depth -= 1
            if self.depth == 0:
                self.state = "done"

    def handle_data(self, data: str) -> None:
        if self.state == "in-dd":
            self.text.append(data)


def entry_text(page: Path, anchor: str) -> str | None:
    parser = _Entry(anchor)
    parser.feed(page.read_text(encoding="utf-8"))
    return "".join(parser.text) if parser.state == "done" else None


def public_names() -> list[tuple[str, str, Any]]:
    names = []
    for modname in PUBLIC_MODULES:
        module = importlib.import_module(modname)
        for name in module.__all__:
            names.append((modname, name, getattr(module, name)))
    return names


def check_api(html_dir: Path) -> list[str]:
    inv_path = html_dir / "objects.inv"
    if not inv_path.is_file():
        return [f"{inv_path} is missing: build the HTML first"]
    with inv_path.open("rb") as fh:
        inventory = InventoryFile.load(fh, "", lambda base, uri: uri)
    where: dict[str, str] = {}
    for kind, entries in inventory.items():
        if kind.startswith("py:"):
            for fullname, item in entries.items():
                # Sphinx 8.2+ returns named tuples, earlier versions tuples.
                where.setdefault(fullname, str(item.uri if hasattr(item, "uri") else item[2]))
    problems = []
    for modname, name, obj in public_names():
        fullname = f"{modname}.{name}"
        if inspect.ismodule(obj):
            fullname = obj.__name__
        found = where.get(fullname)
        if found is None:
            problems.append(f"{fullname}: not in the API reference")
            continue
        uri = found
        own_doc = inspect.getdoc(obj) if _has_own_doc(obj) else None
        if _has_own_doc(obj) and not own_doc:
            problems.append(f"{fullname}: has no docstring")
        page, _, anchor = uri.partition("#")
        if inspect.ismodule(obj):
            raw = (html_dir / page).read_text(encoding="utf-8")
            if ">>>" not in html.unescape(re.sub(r"<[^>]+>", "", raw)):
                problems.append(f"{fullname}: its page shows no example")
            continue
        text = entry_text(html_dir / page, anchor or fullname)
        if text is None:
            problems.append(f"{fullname}: no entry found at {uri}")
        elif not text.strip():
            problems.append(f"{fullname}: its entry has no description")
        elif ">>>" not in text:
            problems.append(f"{fullname}: its entry shows no example")
    return problems


def public_functions() -> Iterator[tuple[str, Any]]:
    """Each public function, and each public method of a public class
    (class and static methods unwrapped), once, with its full name."""
    seen: set[int] = set()
    for modname, name, obj in public_names():
        if inspect.isfunction(obj):
            found = [(f"{modname}.{name}", obj)]
        elif inspect.isclass(obj):
            found = [
                (f"{modname}.{name}.{attr}", getattr(member, "__func__", member))
                for attr, member in vars(obj).items()
                if not attr.startswith("_")
            ]
        else:
            continue
        for fullname, func in found:
            if inspect.isfunction(func) and id(func) not in seen:
                seen.add(id(func))
                yield fullname, func


def check_parameters() -> list[str]:
    """Every parameter of a public function or method is described.

    A parameter counts as described when its docstring has an ``Args:``
    entry for it or names it as ````name````.
    """
    problems = []
    for fullname, func in public_functions():
        doc = inspect.getdoc(func) or ""
        try:
            params = inspect.signature(func).parameters
        except (TypeError, ValueError):  # pragma: no cover - a builtin
            continue
        for name in params:
            if name in ("self", "cls") or name.startswith("_"):
                continue
            entry = re.search(rf"^\s+\**{re.escape(name)}\b[^:\n]*:", doc, re.M)
            if entry is None and f"``{name}``" not in doc:
                problems.append(f"{fullname}: parameter {name!r} is not described")
    return problems


# Helpers whose failure is a documented error of whoever calls them.
_RAISING_CALLS = frozenset(
    {
        "check_key",
        "positive_int",
        "to_partial_date",
        "coerce",
        "_measure",
        "_record_id",
        "find_indicator",
        "observed_on",
        "find_evidence",
        "find_participant",
        "find_table",
    }
)


def _can_raise(func: Any) -> bool:
    """Whether ``func``'s own code raises, checks its arguments, or hands
    the call to a Dataset method that lists errors."""
    import palermo

    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(func)))
    except (OSError, TypeError, SyntaxError):  # pragma: no cover - no source
        return False
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and node.exc is not None:
            return True
        if not isinstance(node, ast.Call):
            continue
        called = node.func
        name = called.attr if isinstance(called, ast.Attribute) else getattr(called, "id", "")
        if name in _RAISING_CALLS:
            return True
        # palermo.lookup(...) is bundled().lookup(...): it raises what that raises.
        if (
            isinstance(called, ast.Attribute)
            and isinstance(called.value, ast.Call)
            and getattr(called.value.func, "id", "") == "bundled"
        ):
            method = getattr(palermo.Dataset, called.attr, None)
            if method is not None and "Raises:" in (inspect.getdoc(method) or ""):
                return True
    return False


def check_raises() -> list[str]:
    """A public function or method that can raise has a ``Raises:`` section."""
    return [
        f"{fullname}: can raise, but its docstring has no Raises section"
        for fullname, func in public_functions()
        if _can_raise(func) and "Raises:" not in (inspect.getdoc(func) or "")
    ]


def _has_own_doc(obj: Any) -> bool:
    """Whether ``obj`` is something that carries its own docstring."""
    return inspect.isclass(obj) or inspect.isfunction(obj) or inspect.ismodule(obj)


_FENCE = re.compile(r"^(```+|~~~+)\s*(\{?[\w-]*\}?)(.*)$")


def check_pages(docs: Path) -> list[str]:
    """Code fences with ``>>>`` in the Markdown pages must be doctest blocks."""
    problems = []
    for page in sorted(docs.rglob("*.md")):
        if "_build" in page.parts:
            continue
        fence: str | None = None
        kind, start, reported = "", 0, False
        for n, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
            m = _FENCE.match(line)
            if fence is None:
                if m:
                    fence, kind, start, reported = m.group(1), m.group(2), n, False
            elif line.strip() == fence:
                fence = None
            elif line.lstrip().startswith(">>>") and not reported:
                # An eval-rst block's ">>>" paragraphs are doctest blocks, which run.
                if kind not in ("{doctest}", "{eval-rst}"):
                    where = f"{page.relative_to(docs)}:{start}"
                    problems.append(f"{where}: a {kind or 'plain'} block with '>>>' is not run")
                reported = True
    return problems


def main(argv: list[str]) -> int:
    html_dir = Path(argv[1]) if len(argv) > 1 else DOCS / "_build" / "html"
    problems = check_api(html_dir) + check_pages(DOCS) + check_parameters() + check_raises()
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problems", file=sys.stderr)
        return 1
    count = len(public_names())
    print(
        f"all {count} public names are documented with an example, every parameter is "
        "described, every function that can raise lists its errors; every page example runs"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
