"""The code's version, read from the package metadata on first use."""

from __future__ import annotations

import functools

__all__ = ["code_version"]


@functools.cache
def code_version() -> str:
    """palermo's version, ``"0+unknown"`` in a source tree that is not installed.

    Read on first use: importlib.metadata costs more at import time than the
    rest of palermo.

    >>> code_version()  # doctest: +ELLIPSIS
    '0...'
    """
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("palermo")
    except PackageNotFoundError:  # pragma: no cover - a source tree, not installed
        return "0+unknown"
