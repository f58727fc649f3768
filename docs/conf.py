"""Sphinx configuration of palermo's documentation.

Built by ``python3 -m nox -s docs`` with ``-W -n``: every warning and every
broken cross-reference fails the build. The build needs no network.
"""

from __future__ import annotations

import doctest
import importlib.util
import os
import typing
from pathlib import Path
from typing import TYPE_CHECKING

import palermo

if TYPE_CHECKING:
    from docutils.nodes import Element
    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

# -- the data catalogue ---------------------------------------------------------
# Regenerated at every build from the dataset being documented, so the pages
# can never drift from the data; tests/test_catalogue.py checks that the
# committed copy is current.
_spec = importlib.util.spec_from_file_location(
    "build_catalogue", ROOT / "scripts/build_catalogue.py"
)
assert _spec is not None
assert _spec.loader is not None
_catalogue = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_catalogue)
_catalogue.write(HERE / "catalogue", _catalogue.render())

# -- the data package ---------------------------------------------------------------
# The release's Frictionless Data Package, zipped, published with the pages at
# a stable address: _static/palermo-datapackage.zip (see guides/open-data).
_PACKAGE = HERE / "_build" / "_package"


def _write_data_package() -> None:
    import tempfile
    import zipfile

    from palermo.datapackage import export_package

    _PACKAGE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = export_package(Path(tmp) / "palermo-data")
        target = _PACKAGE / "palermo-datapackage.zip"
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    archive.write(path, Path("palermo-data") / path.relative_to(folder))


_write_data_package()

# -- project --------------------------------------------------------------------
project = "palermo"
author = "The palermo developers"
copyright = "the palermo developers"
release = palermo.__version__
version = release

extensions = [
    "myst_nb",  # MyST Markdown and notebooks (it loads myst_parser)
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx_autodoc_typehints",
    "sphinx.ext.doctest",
    "sphinx.ext.intersphinx",
    "sphinx.ext.viewcode",
    "matplotlib.sphinxext.plot_directive",
    "sphinxarg.ext",
    "sphinx_copybutton",
]

source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
# Notebooks are run at every build: their outputs are never stale, and an
# error in a cell fails the build.
nb_execution_mode = "force"
nb_execution_raise_on_error = True
nb_execution_timeout = 300
nb_execution_show_tb = True
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "**.ipynb_checkpoints"]
root_doc = "index"
nitpicky = True

myst_enable_extensions = ["colon_fence", "deflist", "substitution"]
myst_substitutions = {"version": release, "data_version": palermo.DATA_VERSION}

# -- API reference ----------------------------------------------------------------
autodoc_member_order = "bysource"
autodoc_default_options = {"members": True}
autodoc_preserve_defaults = False
always_document_param_types = True
typehints_use_signature = False
typehints_use_signature_return = False


def _typehint(annotation: object, config: object) -> str | None:
    """Type variables show as what they stand for, not as their internal
    definition (``TypeVar(R, bound=_HasId)``): a collection's ``R`` is one
    of its records, any other (a ``default``'s ``T``) by its name."""
    if isinstance(annotation, typing.TypeVar):
        if annotation.__name__ == "R":
            return ":py:data:`~palermo.Record`"
        return f"``{annotation.__name__}``"
    return None


typehints_formatter = _typehint
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_rtype = False

# -- intersphinx ------------------------------------------------------------------
# The build runs offline (CI and release machines reach only the package
# index), so the inventories of Python, attrs, cattrs and pendulum are
# fetched only when PALERMO_DOCS_ONLINE=1. Offline, references to names
# outside palermo render as plain code; references inside palermo are still
# all checked by -n (the pattern below ignores only non-palermo targets).
intersphinx_mapping: dict[str, tuple[str, str | None]] = {}
if os.environ.get("PALERMO_DOCS_ONLINE") == "1":
    intersphinx_mapping = {
        "python": ("https://docs.python.org/3", None),
        "attrs": ("https://www.attrs.org/en/stable/", None),
        "cattrs": ("https://catt.rs/en/stable/", None),
        "pendulum": ("https://pendulum.eustace.io/docs/", None),
    }
intersphinx_disabled_reftypes = ["*"] if not intersphinx_mapping else []
nitpick_ignore_regex = [
    (r"py:.*", r"(?!palermo\b)[\w.\[\], |]+"),
    # Private helpers that appear in signatures (type variables, protocols).
    (r"py:.*", r"palermo\.[\w.]*\._\w+"),
    (r"py:.*", r"palermo\.[\w.]*\.[A-Z]"),
    # Classes defined in private modules, documented under their public name.
    (r"py:.*", r"palermo(\.model)?\._\w+\.\w+"),
]
# Type hints that sphinx-autodoc-typehints cannot evaluate (names imported
# under TYPE_CHECKING, Hypothesis-wrapped strategies) are shown as written.
suppress_warnings = [
    "sphinx_autodoc_typehints.forward_reference",
    # typehints_formatter is a function: the build cannot cache it, and
    # so reads every page again each time (it always does in CI).
    "config.cache",
]

# -- doctests ---------------------------------------------------------------------
# Every example in the pages is a doctest directive, and every ">>>" block
# the API reference shows from a docstring is run too.
doctest_global_setup = "import palermo"
# Exception details are checked too: an example's message is part of what it
# shows (Sphinx's default would ignore everything after the exception's name).
doctest_default_flags = doctest.ELLIPSIS | doctest.DONT_ACCEPT_TRUE_FOR_1
doctest_test_doctest_blocks = "default"

# -- copy buttons -----------------------------------------------------------------
# Every code block has a copy button; it copies the code without the
# prompts (">>> " and "... " of the examples, "$ " of shell sessions) and
# without the output lines of an example.
copybutton_prompt_text = r">>> |\.\.\. |\$ "
copybutton_prompt_is_regexp = True
copybutton_only_copy_prompt_lines = True

# -- the tutorial's chart ---------------------------------------------------------
plot_include_source = True
plot_html_show_source_link = False
plot_html_show_formats = False
plot_formats = [("png", 150)]
plot_rcparams = {"figure.figsize": (8, 4.5)}

# -- HTML -------------------------------------------------------------------------
html_theme = "furo"
html_static_path = ["_static", str(_PACKAGE)]
html_favicon = "_static/favicon.svg"
# Wide tables and narrow screens (see the file's comments).
html_css_files = ["palermo.css"]
html_title = f"palermo {release} (data {palermo.DATA_VERSION})"
html_show_sourcelink = False


def _resolve_reexported(
    app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: Element
) -> Element | None:
    """Resolve ``palermo.model.X`` (and other re-exported paths) to ``palermo.X``.

    The model's classes are documented under the name users import them by;
    docstrings sometimes name them by the module that defines them.
    """
    target = node.get("reftarget", "")
    if node.get("refdomain") != "py" or not target.startswith("palermo.model."):
        return None
    short = "palermo." + target.rsplit(".", 1)[-1]
    return env.get_domain("py").resolve_xref(
        env, node["refdoc"], app.builder, node["reftype"], short, node, contnode
    )


def _blank_line_before_examples(
    app: Sphinx, what: str, name: str, obj: object, options: object, lines: list[str]
) -> None:
    """Keep a docstring's examples out of the field list before them.

    sphinx-autodoc-typehints appends ``:rtype:`` at the end of the fields,
    and can leave it directly above the first ``>>>`` line; reST then reads
    the example as part of the field and warns.
    """
    for i in range(len(lines) - 1, 0, -1):
        if lines[i].startswith(">>>") and lines[i - 1].startswith(":"):
            lines.insert(i, "")


def _one_entry_per_field(
    app: Sphinx, what: str, name: str, obj: object, options: object, lines: list[str]
) -> None:
    """A record class lists each field once: its description and its type.

    Napoleon turns the docstring's ``Attributes:`` into ``.. attribute::``
    entries (with the descriptions); sphinx-autodoc-typehints then adds a
    ``Parameters`` list of the same names, typed but undescribed. For attrs
    classes the type goes on the attribute entry and the list goes.
    """
    import typing

    import attrs

    if what != "class" or not (isinstance(obj, type) and attrs.has(obj)):
        return
    try:
        hints = typing.get_type_hints(obj)
    except Exception:  # pragma: no cover - a class whose hints do not resolve
        return
    out: list[str] = []
    for line in lines:
        if line.startswith((":param ", ":type ")):
            continue
        out.append(line)
        entry = line.strip()
        if entry.startswith(".. attribute:: "):
            field = entry.removeprefix(".. attribute:: ").strip()
            if field in hints:
                indent = line[: len(line) - len(line.lstrip())] + "   "
                shown = typing_text(hints[field])
                out.append(f"{indent}:type: {shown}")
    lines[:] = out


def typing_text(hint: object) -> str:
    """A type as readers write it: ``tuple[str, ...] | None``, ``InstrumentKind``.

    palermo's classes carry ``__module__ = "palermo"``, so they print as
    ``palermo.PartialDate``, the name users import them by.
    """
    if isinstance(hint, type):
        return hint.__name__
    return str(hint).replace("typing.", "")


def setup(app: Sphinx) -> None:
    app.connect("missing-reference", _resolve_reexported)
    app.connect("autodoc-process-docstring", _one_entry_per_field, priority=800)
    # After sphinx-autodoc-typehints (priority 500) has added its fields.
    app.connect("autodoc-process-docstring", _blank_line_before_examples, priority=900)
