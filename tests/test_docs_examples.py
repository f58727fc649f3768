"""The examples show the value a reader wants, not a bare ``True``.

An example such as ``>>> count(...) == 124`` answering ``True`` hides the
value it checks; ``>>> count(...)`` answering the tally shows it, and fails
just as surely when it changes. These tests read every example of the
package's docstrings and of the pages (``docs/**/*.md`` doctest and
eval-rst blocks, ``docs/**/*.rst``) and fail on one whose expected output is
exactly ``True`` or ``False`` while its source is a comparison: ``==``,
``!=``, ``<``, ``<=``, ``>``, ``>=``, ``is``, ``is not``, ``in``, ``not in``,
or a call of ``isinstance``, ``issubclass``, ``hasattr``, ``all``, ``any``,
``.startswith`` or ``.endswith`` (``not`` and ``and``/``or`` of those count
too). A predicate the docs are about (``falls_on``, ``is_before``,
``overlaps``...) may answer ``True``; so may an example on :data:`ALLOWED`.

The docstrings are read from the source files (with :mod:`ast`), not
imported: :class:`doctest.DocTestFinder` skips the methods of the classes
re-exported as ``palermo.X`` (their ``__module__`` differs), and would
miss their examples.

They also check that the API reference does not repeat a docstring's
example under the entry that already shows it.
"""

from __future__ import annotations

import ast
import doctest
import pathlib
import re
from collections.abc import Iterator
from typing import NamedTuple

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "palermo"
DOCS = ROOT / "docs"

ALLOWED: dict[tuple[str, str], str] = {
    # (file, example source as ast.unparse writes it): why a bare answer is right
    ("src/palermo/dataset.py", "palermo.bundled() is palermo.bundled()"): (
        "the identity is what bundled() documents: the data is read once, then kept"
    ),
}

_BARE = ("True", "False")
_COMPARING_CALLS = frozenset({"isinstance", "issubclass", "hasattr", "all", "any"})
_COMPARING_METHODS = frozenset({"startswith", "endswith"})
_FENCE = re.compile(r"^(```+|~~~+)\s*(\{?[\w-]*\}?)")
_RUN_BLOCKS = ("{doctest}", "{eval-rst}")
_PARSER = doctest.DocTestParser()


class Example(NamedTuple):
    where: str  # file relative to the repository, and line
    file: str
    source: str
    want: str


def _examples(text: str, file: str, first_line: int) -> Iterator[Example]:
    """The examples of ``text``, whose first line is line ``first_line`` of ``file``."""
    for ex in _PARSER.get_examples(text):
        where = f"{file}:{first_line + ex.lineno}"
        yield Example(where, file, ex.source.strip(), ex.want.strip())


def docstring_examples() -> Iterator[Example]:
    """Every example of every module, class and function docstring of the package."""
    for path in sorted(SRC.rglob("*.py")):
        file = path.relative_to(ROOT).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(
                node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
            ):
                continue
            doc = ast.get_docstring(node, clean=True)
            if doc and ">>>" in doc:
                # The docstring's first line is the line after the def (or line 1).
                yield from _examples(doc, file, node.body[0].lineno)


def page_examples() -> Iterator[Example]:
    """Every example of the pages: Markdown blocks that run, reST files."""
    for path in sorted(DOCS.rglob("*.md")):
        if "_build" in path.parts:
            continue
        file = path.relative_to(ROOT).as_posix()
        fence: str | None = None
        kind, start = "", 0
        block: list[str] = []
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            m = _FENCE.match(line)
            if fence is None:
                if m:
                    fence, kind, start, block = m.group(1), m.group(2), n, []
            elif line.strip() == fence:
                if kind in _RUN_BLOCKS:
                    yield from _examples("\n".join(block), file, start + 1)
                fence = None
            else:
                block.append(line)
    for path in sorted(DOCS.rglob("*.rst")):
        if "_build" not in path.parts:
            text = path.read_text(encoding="utf-8")
            yield from _examples(text, path.relative_to(ROOT).as_posix(), 1)


def _compares(node: ast.expr) -> bool:
    """Whether an expression is a comparison, a membership or type test."""
    if isinstance(node, ast.Compare):
        return True
    if isinstance(node, ast.BoolOp):
        return any(_compares(v) for v in node.values)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return _compares(node.operand)
    if isinstance(node, ast.Call):
        f = node.func
        if isinstance(f, ast.Name):
            return f.id in _COMPARING_CALLS
        if isinstance(f, ast.Attribute):
            return f.attr in _COMPARING_METHODS
    return False


def comparison(source: str) -> str | None:
    """The example's expression as ``ast.unparse`` writes it, if it is a comparison."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    if len(tree.body) != 1 or not isinstance(tree.body[0], ast.Expr):
        return None
    expr = tree.body[0].value
    return ast.unparse(expr) if _compares(expr) else None


def bare_comparisons(examples: list[Example]) -> list[tuple[Example, str]]:
    """The examples answering a bare ``True``/``False`` to a comparison."""
    found = []
    for ex in examples:
        if ex.want in _BARE:
            shown = comparison(ex.source)
            if shown is not None:
                found.append((ex, shown))
    return found


def _all_examples() -> list[Example]:
    return [*docstring_examples(), *page_examples()]


def test_the_examples_are_found() -> None:
    # A collector that silently finds nothing would pass everything below.
    docstrings, pages = list(docstring_examples()), list(page_examples())
    assert len(docstrings) > 400
    assert len(pages) > 200
    assert any(ex.file == "src/palermo/model/_symbol.py" for ex in docstrings)
    assert any(ex.file == "docs/quickstart.md" for ex in pages)
    assert any(ex.file == "docs/api/palermo.rst" for ex in pages)


def test_no_example_hides_its_value_behind_a_bare_true() -> None:
    problems = [
        f"{ex.where}: >>> {ex.source.splitlines()[0]}  answers a bare {ex.want}; "
        "show the value instead (or add it to ALLOWED in this file, with a reason)"
        for ex, shown in bare_comparisons(_all_examples())
        if (ex.file, shown) not in ALLOWED
    ]
    assert not problems, "\n".join(problems)


def test_every_allowed_example_still_exists() -> None:
    found = {(ex.file, shown) for ex, shown in bare_comparisons(_all_examples())}
    stale = [f"{file}: {source}" for file, source in ALLOWED if (file, source) not in found]
    assert not stale, "ALLOWED lists examples that are gone:\n" + "\n".join(stale)


@pytest.mark.parametrize(
    ("source", "want", "flagged"),
    [
        ('participation.count("untoc", on="2005") == 100', "True", True),
        ('"untoc" in palermo.instruments', "True", True),
        ("palermo.get('x') is None", "True", True),
        ("not x.startswith('a')", "False", True),
        ("isinstance(x, int) and y", "True", True),
        ('day.falls_on("2020-07-30")', "True", False),  # a documented predicate
        ('d.is_before("2018"), d.is_before("2017")', "(True, False)", False),
        ('participation.count("untoc", on="2005") == 100', "", False),  # no output shown
        ("x == 1 # doctest: +SKIP", "True", True),
    ],
)
def test_what_counts_as_a_bare_comparison(source: str, want: str, flagged: bool) -> None:
    ex = Example("here:1", "here", source, want)
    assert bool(bare_comparisons([ex])) is flagged


def _without_prefix(source: str) -> str:
    return source.replace("palermo.", "")


def test_the_api_reference_does_not_repeat_a_docstring_example() -> None:
    # docs/api/*.rst may add examples under an autodoc entry; one that the
    # docstring already shows (same code, same output) appears twice there.
    shown = {(_without_prefix(ex.source), ex.want) for ex in docstring_examples() if ex.want}
    repeats = [
        f"{ex.where}: >>> {ex.source.splitlines()[0]}  repeats a docstring's example"
        for ex in page_examples()
        if ex.file.startswith("docs/api/")
        and ex.want
        and (_without_prefix(ex.source), ex.want) in shown
    ]
    assert not repeats, "\n".join(repeats)
