"""The project's checks: ``python3 -m nox`` runs the default sessions."""

from __future__ import annotations

import os
import pathlib
import shutil
import tempfile

import nox

nox.needs_version = ">=2024.3.2"
nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["tests", "lint", "types", "docs", "package", "pandas", "opendata"]
# On a machine with only some of these Pythons, run what it can; CI must have all.
nox.options.error_on_missing_interpreters = bool(os.environ.get("CI"))

PYTHONS = ["3.10", "3.11", "3.12", "3.13"]
PYPROJECT = nox.project.load_toml("pyproject.toml")


def group(name: str) -> list[str]:
    return list(nox.project.dependency_groups(PYPROJECT, name))


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """Run the test suite, doctests included."""
    session.install(".", *group("test"))
    session.run("pytest", *session.posargs)


@nox.session(python="3.11")
def fuzz(session: nox.Session) -> None:
    """Run the fuzz properties with a large example budget (not in the default run)."""
    session.install(".", *group("test"))
    session.run(
        "pytest",
        "tests/test_fuzz.py",
        "tests/test_robustness.py",
        "--hypothesis-profile=fuzz",
        "-p",
        "no:cacheprovider",
        *session.posargs,
    )


@nox.session(python="3.11")
def lint(session: nox.Session) -> None:
    """ruff: lint and formatting."""
    session.install(*group("lint"))
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(python="3.11")
def types(session: nox.Session) -> None:
    """mypy --strict over src and tests."""
    session.install(".", *group("types"))
    session.run("mypy", "--strict", "src", "tests")


# What the docs build needs beyond the "docs" dependency group: type hints in
# the API reference, the tutorial's chart, and what the docstring examples
# use (Hypothesis for palermo.testing, jsonschema for palermo.json_schema).
DOCS_EXTRA = [
    "sphinx-autodoc-typehints>=2",
    "matplotlib>=3.8",
    "hypothesis>=6.100",
    "jsonschema>=4.20",
]


def _build_docs(session: nox.Session) -> None:
    session.install(".", *group("docs"), *DOCS_EXTRA)
    shutil.rmtree("docs/_build", ignore_errors=True)
    session.run(
        "sphinx-build", "-W", "-n", "--keep-going", "-b", "html", "docs", "docs/_build/html"
    )


@nox.session(python="3.11")
def docs(session: nox.Session) -> None:
    """Build the docs (-W -n), run every example, check every public name is documented."""
    # A stale committed catalogue fails here, before the build regenerates it.
    session.install(".")
    session.run("python", "scripts/build_catalogue.py", "--check")
    _build_docs(session)
    session.run(
        "sphinx-build", "-W", "-n", "--keep-going", "-b", "doctest", "docs", "docs/_build/doctest"
    )
    session.run("python", "docs/check_api.py", "docs/_build/html")


@nox.session(python="3.11")
def docs_browser(session: nox.Session) -> None:
    """Open every page of the built docs in headless Chromium, as a reader would.

    At a desktop's 1280 px and a phone's 390 px it fails on CSS-painted error
    boxes and error markers, content wider than its column or cut off, broken
    images, a missing favicon, failed requests and JavaScript errors; it also
    checks the search and the copy buttons (see docs/browser_check.py).
    Full-page screenshots of the key pages go to docs/_build/screenshots/.

    Not in the default run: it needs Debian's chromium, installed here with
    apt-get when it is missing (as root); Playwright drives that browser and
    never downloads its own.
    """
    if shutil.which("chromium") is None:
        env = {"DEBIAN_FRONTEND": "noninteractive"}
        session.run("apt-get", "update", external=True, env=env)
        session.run(
            "apt-get",
            "install",
            "-y",
            "--no-install-recommends",
            "chromium",
            external=True,
            env=env,
        )
    _build_docs(session)
    session.install(*group("docs-browser"))
    session.run(
        "python",
        "docs/browser_check.py",
        "docs/_build/html",
        "--chromium",
        shutil.which("chromium") or "chromium",
        *session.posargs,
    )


@nox.session(python="3.11")
def package(session: nox.Session) -> None:
    """Build the wheel, install it in a brand-new venv, query a record from there."""
    session.install("build")
    dist = pathlib.Path(tempfile.mkdtemp())
    session.run("python", "-m", "build", "--wheel", "--outdir", str(dist))
    wheel = next(dist.glob("palermo-*.whl"))
    venv = dist / "venv"
    session.run("python", "-m", "venv", str(venv))
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    session.run(str(bindir / "python"), "-m", "pip", "install", "-q", str(wheel), external=True)
    # Run from the temporary folder so the source tree cannot be imported.
    with session.chdir(dist):
        session.run(
            str(bindir / "python"),
            "-c",
            "import palermo; p = palermo.lookup('Palermo Protocol'); "
            "assert p.id == 'tip-protocol', p; "
            "assert palermo.participation.count('tip-protocol', on='2008-09-26') == 124; "
            "print('wheel ok:', palermo.__version__, palermo.DATA_VERSION, p.title)",
            external=True,
        )
        session.run(str(bindir / "palermo"), "show", "Palermo Protocol", external=True)
        # The installed wheel writes the whole data package (every table).
        session.run(str(bindir / "palermo"), "export", "--package", "pkg", external=True)


@nox.session(python="3.11")
def opendata(session: nox.Session) -> None:
    """The data package: frictionless validation, Parquet files and a DuckDB query."""
    session.install(".[parquet]", *group("test"), *group("opendata"))
    session.run(
        "pytest", "tests/test_datapackage.py", "-p", "no:cacheprovider", "-ra", *session.posargs
    )
    # The same, from the command line: a package the frictionless tool accepts.
    out = pathlib.Path(tempfile.mkdtemp()) / "palermo-data"
    session.run("palermo", "export", "--package", str(out), "--parquet")
    session.run("frictionless", "validate", str(out / "datapackage.json"))


@nox.session(python="3.11")
def pandas(session: nox.Session) -> None:
    """The optional pandas export, with the extra installed."""
    session.install(".[pandas]", *group("test"))
    session.run("pytest", "tests/test_pandas.py", "-p", "no:cacheprovider", *session.posargs)
