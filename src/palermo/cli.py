"""The ``palermo`` command line.

Exit codes: 0 success, 1 not found (or not covered by the data), 2 bad
input (including a malformed dataset). Errors go to stderr.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import io
import json
import os
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from . import display, participation
from ._version import code_version
from .citation import cite
from .converter import converter
from .dataset import Dataset, bundled, load
from .differences import diff
from .display import BASIS, evidence_row, format_source, plain
from .errors import (
    AmbiguousKeyError,
    InvalidQueryError,
    NotCoveredError,
    NotFoundError,
    PalermoError,
)
from .export import to_csv
from .registry import KINDS

__all__ = ["main", "parser"]

COLLECTIONS = list(KINDS.names)
EXIT_OK = 0
EXIT_NOT_FOUND = 1
EXIT_BAD_INPUT = 2
EXIT_WRITE_FAILED = 3


def _silence(stream: TextIO) -> None:
    # Python would report the broken pipe again when it flushes at exit.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


def _tolerant(stream: TextIO) -> None:
    # A terminal or pipe in ASCII, cp1252 or latin-1 cannot show every name
    # in the data: show what it cannot as escapes rather than fail.
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        with contextlib.suppress(ValueError, OSError):  # a stream in use another way
            reconfigure(errors="backslashreplace")


def _report(exc: PalermoError, args: argparse.Namespace, stdout: TextIO) -> None:
    """An error on stderr; with ``--json``, also as a JSON object on stdout."""
    sys.stderr.write(f"palermo: {exc}\n")
    if getattr(args, "json", False):
        body: dict[str, Any] = {"error": type(exc).__name__, "message": str(exc)}
        suggestions = getattr(exc, "suggestions", None)
        if suggestions:
            body["suggestions"] = list(suggestions)
        json.dump(body, stdout, indent=2, ensure_ascii=False)
        stdout.write("\n")


def _is_output(exc: OSError) -> bool:
    # ENOSPC (/dev/full), EIO and friends while writing our own output.
    return exc.errno in (errno.ENOSPC, errno.EIO, errno.EPIPE, errno.EBADF, errno.EDQUOT)


def _kind(record: Any) -> str:
    return type(record).__name__


def _rows(records: Sequence[Any]) -> list[dict[str, Any]]:
    # "record_type", not "kind": sources, instruments and agencies have a kind.
    return [{"record_type": _kind(r), **converter.unstructure(r)} for r in records]


def _table(records: Sequence[Any], out: TextIO) -> None:
    for r in records:
        out.write(f"{r.id:<40}  {_kind(r):<12}  {display.label(r)}\n")


def _dataset(args: argparse.Namespace) -> Dataset:
    return load(args.data) if getattr(args, "data", None) else bundled()


def _cmd_show(args: argparse.Namespace, out: TextIO) -> None:
    ds = _dataset(args)
    record = ds.lookup(args.key)
    if args.json:
        json.dump(_rows([record])[0], out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        out.write(display.text(record) + "\n")


def _cmd_search(args: argparse.Namespace, out: TextIO) -> None:
    found = _dataset(args).search(args.text, args.limit)
    if args.json:
        json.dump(_rows(found), out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        _table(found, out)


def _cmd_list(args: argparse.Namespace, out: TextIO) -> None:
    records = tuple(getattr(_dataset(args), args.collection))
    if args.json:
        json.dump(_rows(records), out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        _table(records, out)


def _cmd_timeline(args: argparse.Namespace, out: TextIO) -> None:
    events = _dataset(args).timeline(args.start, args.end)
    if args.json:
        rows = [{"date": str(e.date), "what": e.what, "id": e.record.id} for e in events]
        json.dump(rows, out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        for e in events:
            out.write(f"{e}\n")


def _cmd_series(args: argparse.Namespace, out: TextIO) -> None:
    stats = _dataset(args).statistics
    if args.as_of:
        found = stats.as_of(args.measure, args.as_of)
        chosen: tuple[Any, ...] = (found,) if found is not None else ()
        if not chosen:
            stats.series(args.measure)  # raises for an unknown measure
    else:
        chosen = stats.series(args.measure)
    if args.json:
        json.dump(_rows(chosen), out, indent=2, ensure_ascii=False)
        out.write("\n")
        return
    if not chosen:
        out.write(f"nothing known about {args.measure} on {args.as_of}\n")
    for s in chosen:
        qual = "" if s.qualifier.value == "exact" else f"{s.qualifier.value} "
        out.write(f"{s.date!s:<12} {qual}{s.value} {s.unit}  [{', '.join(s.sources)}]\n")


def _cmd_status(args: argparse.Namespace, out: TextIO) -> None:
    st = participation.status(args.participant, args.instrument, on=args.on)
    if args.json:
        json.dump(st.as_row(), out, indent=2, ensure_ascii=False)
        out.write("\n")
        return
    out.write(f"{st}\n")
    if st.signed and st.kind is not participation.StatusKind.SIGNATORY:
        out.write(f"  signed          {st.signed}\n")
    out.write(f"  record complete until {st.complete_until}; acts known until {st.known_until}\n")
    out.write(f"  sources         {', '.join(st.sources)}\n")


def _cmd_parties(args: argparse.Namespace, out: TextIO) -> None:
    found = participation.parties(args.instrument, on=args.on)
    tally = participation.count(args.instrument, on=args.on)
    statuses = [participation.status(p, args.instrument, on=tally.on) for p in found]
    if args.json:
        body = {"count": tally.as_row(), "parties": [s.as_row() for s in statuses]}
        json.dump(body, out, indent=2, ensure_ascii=False)
        out.write("\n")
        return
    if args.csv:
        to_csv(statuses, out)
        return
    out.write(f"{tally}\n")
    for s in statuses:
        how = f" ({s.act.value})" if s.act else ""
        out.write(f"  {s.participant.id:<4} {s.participant.name:<40} since {s.party_since}{how}\n")


def _cmd_why(args: argparse.Namespace, out: TextIO) -> None:
    ds = _dataset(args)
    found = ds.evidence(ds.lookup(args.record), args.field)
    if args.json:
        json.dump(evidence_row(found), out, indent=2, ensure_ascii=False)
        out.write("\n")
        return
    out.write(f"{found.record.id}.{found.field} = {plain(found.value)}\n")
    out.write(f"  {BASIS[found.basis]}\n")
    for source, locator in found.cites:
        at = f" [{locator}]" if locator else ""
        out.write(f"  - {format_source(source)}{at}\n")


def _cmd_validate(args: argparse.Namespace, out: TextIO) -> None:
    ds = load(args.folder, over=bundled() if args.over_bundled else None)
    counts = {name: len(coll) for name, coll in ds.collections()}
    if args.json:
        json.dump({"valid": True, "version": ds.version, "counts": counts}, out, indent=2)
        out.write("\n")
    else:
        out.write(f"{args.folder}: valid ({', '.join(f'{n} {k}' for k, n in counts.items())})\n")


def _cmd_export(args: argparse.Namespace, out: TextIO) -> None:
    ds = _dataset(args)
    if args.package:
        from .datapackage import DESCRIPTOR, export_package

        folder = export_package(args.package, dataset=ds, parquet=args.parquet)
        out.write(f"wrote {folder / DESCRIPTOR}\n")
        return
    if args.parquet:
        raise InvalidQueryError("--parquet goes with --package DIR")
    records = tuple(getattr(ds, args.collection)) if args.collection else tuple(ds.records())
    if args.format == "csv":
        to_csv(records, out, dataset=ds)
    else:
        json.dump(_rows(records), out, indent=2, ensure_ascii=False)
        out.write("\n")


def _cmd_cite(args: argparse.Namespace, out: TextIO) -> None:
    ds = _dataset(args)
    record = ds.lookup(args.record) if args.record else None
    out.write(cite(args.style, dataset=ds, record=record, field=args.field) + "\n")


def _cmd_diff(args: argparse.Namespace, out: TextIO) -> None:
    old = load(args.old)
    new = load(args.new) if args.new else bundled()
    found = diff(old, new)
    if args.json:
        json.dump(found.as_dict(), out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        out.write(str(found) + "\n")


def parser() -> argparse.ArgumentParser:
    """The argument parser of the ``palermo`` command (documented from it).

    >>> parser().prog
    'palermo'
    """
    return _parser()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="palermo",
        description="Query the cited dataset of the framework against trafficking in persons.",
    )
    parser.add_argument("--version", action="store_true", help="print code and data versions")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, help: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help)
        p.add_argument("--json", action="store_true", help="print JSON for scripts")
        p.add_argument(
            "--data", metavar="FOLDER", help="query a dataset folder, not the bundled data"
        )
        return p

    p = add("show", "show one record, with its sources")
    p.add_argument("key", help="an id, name, alias, acronym, symbol or code")
    p.set_defaults(run=_cmd_show)
    p = add("search", "search every kind of record")
    p.add_argument("text")
    p.add_argument("--limit", type=int, default=10)
    p.set_defaults(run=_cmd_search)
    p = add("list", "list a collection")
    p.add_argument("collection", choices=COLLECTIONS)
    p.set_defaults(run=_cmd_list)
    p = add("timeline", "print dated events in order")
    p.add_argument("--start")
    p.add_argument("--end")
    p.set_defaults(run=_cmd_timeline)
    p = add("series", "print the observations of a measure")
    p.add_argument("measure", help="e.g. tip-protocol.parties")
    p.add_argument("--as-of", help="only the latest observation known on this date")
    p.set_defaults(run=_cmd_series)
    p = add("status", "is a State a party to the Convention or a Protocol, and since when?")
    p.add_argument("participant", help="ISO code, current name or UNTC name")
    p.add_argument("instrument", help="e.g. 'Palermo Protocol', untoc, XVIII-12-b")
    p.add_argument("--on", help="the date asked (default: today)")
    p.set_defaults(run=_cmd_status)
    p = add("parties", "list the parties to the Convention or a Protocol known on a date")
    p.add_argument("instrument", help="e.g. 'Palermo Protocol', untoc, XVIII-12-b")
    p.add_argument("--on", help="the date asked (default: today)")
    p.add_argument("--csv", action="store_true", help="print CSV, one row per party")
    p.set_defaults(run=_cmd_parties)
    p = add("why", "print a record's field and the sources that state it")
    p.add_argument("record", help="an id, name, alias, acronym, symbol or code")
    p.add_argument("field", help="e.g. entry_into_force, or indicators[16.2.2].text")
    p.set_defaults(run=_cmd_why)
    p = add("validate", "check a dataset folder with the same checks as the bundled data")
    p.add_argument("folder")
    p.add_argument(
        "--over-bundled", action="store_true", help="check it as an overlay on the bundled data"
    )
    p.set_defaults(run=_cmd_validate)
    p = add("export", "export a collection (or everything) as JSON or CSV, sources included")
    p.add_argument("collection", nargs="?", choices=COLLECTIONS, help="default: every record")
    p.add_argument("--format", choices=["json", "csv"], default="json")
    p.add_argument(
        "--package",
        metavar="DIR",
        help="write every table as a Frictionless Data Package (datapackage.json and CSVs) in DIR",
    )
    p.add_argument(
        "--parquet", action="store_true", help="with --package: also write Parquet files"
    )
    p.set_defaults(run=_cmd_export)
    p = add("cite", "print a citation for the data release in use")
    p.add_argument("--style", default="text", help="text, bibtex or csl-json")
    p.add_argument("--record", help="with --field: cite one value of this record")
    p.add_argument("--field", help="with --record: the field to cite")
    p.set_defaults(run=_cmd_cite)
    p = add("diff", "list records added, removed and changed between two dataset folders")
    p.add_argument("old", help="a dataset folder")
    p.add_argument("new", nargs="?", help="another folder (default: the bundled data)")
    p.set_defaults(run=_cmd_diff)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; return the exit code.

    >>> main(["show", "UNTOC"], out=sys.stdout)  # doctest: +ELLIPSIS
    Instrument untoc
    ...
    0
    """
    stdout = out if out is not None else sys.stdout
    parser = _parser()
    args = parser.parse_args(argv)
    if args.version:
        stdout.write(f"palermo {code_version()}, data {bundled().version}\n")
        return EXIT_OK
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_BAD_INPUT
    if out is None:
        _tolerant(sys.stdout)
        _tolerant(sys.stderr)
    try:
        args.run(args, stdout)
        stdout.flush()
    except BrokenPipeError:
        # The reader went away (``| head``): stop quietly, as Unix tools do.
        _silence(stdout)
        return EXIT_OK
    except OSError as exc:
        if exc.filename is None and exc.errno is not None and _is_output(exc):
            sys.stderr.write(f"palermo: cannot write the output: {exc.strerror}\n")
            return EXIT_WRITE_FAILED
        raise
    except PalermoError as exc:
        code = (
            EXIT_NOT_FOUND
            if isinstance(exc, (NotFoundError, AmbiguousKeyError, NotCoveredError))
            else EXIT_BAD_INPUT
        )
        _report(exc, args, stdout)
        return code
    return EXIT_OK
