"""Speed and memory of palermo, side by side with pycountry, in one run.

Run from a clone, after ``python3 -m pip install . pycountry``::

    python3 benchmarks/run.py            # the full run, about two minutes
    python3 benchmarks/run.py --quick    # fewer repeats and runs, about half a minute
    python3 benchmarks/run.py --json results.json

Every figure is measured in this run, on this machine, so the ratios compare
like with like. Per-call times are CPU times, the best of several repeats of
a loop over many different keys, divided by the number of calls: the best,
because other work on the machine only ever adds time. Where palermo may
remember answers (names looked up, date strings), a row also shows the cost
of a first call. Cold start and memory are measured in fresh processes.
Unix only (it reads process accounting from ``resource`` and ``/proc``). See
``benchmarks/README.md`` for what each figure means and the latest results.

The targets come from issue 5. Nothing here is a test: a MISS is a finding to
look into, not a failure of the run (the exit status is 0 either way).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import attrs

# -- what a figure is and how it is judged ------------------------------------------------


@attrs.frozen
class Figure:
    """One measured figure, pycountry's counterpart and the target it is held to.

    Attributes:
        section: The group it is shown under.
        name: What was measured, as the table shows it.
        unit: ``"µs"``, ``"ms"``, ``"s"`` or ``"MiB"``.
        palermo: palermo's figure.
        pycountry: pycountry's figure for the same task, if there is one.
        target: The target in words (``"≤ 0.5x pycountry"``, ``"≤ 2 µs"``), or ``""``.
        passed: Whether the target is met; ``None`` when there is no target.
        note: What exactly was timed.
    """

    section: str
    name: str
    unit: str
    palermo: float
    pycountry: float | None = None
    target: str = ""
    passed: bool | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        """palermo's figure over pycountry's (below 1 is better)."""
        if self.pycountry is None or self.pycountry == 0:
            return None
        return self.palermo / self.pycountry


def at_most_ratio(
    section: str,
    name: str,
    unit: str,
    ours: float,
    theirs: float,
    limit: float,
    note: str = "",
) -> Figure:
    """A figure held to at most ``limit`` times pycountry's."""
    shown = "≤ pycountry" if limit == 1 else f"≤ {limit:g}x pycountry"
    return Figure(section, name, unit, ours, theirs, shown, ours <= limit * theirs, note)


def at_most(
    section: str,
    name: str,
    unit: str,
    ours: float,
    limit: float,
    theirs: float | None = None,
    note: str = "",
) -> Figure:
    """A figure held to an absolute limit, in its own unit."""
    return Figure(section, name, unit, ours, theirs, f"≤ {limit:g} {unit}", ours <= limit, note)


def info(
    section: str, name: str, unit: str, ours: float, theirs: float | None = None, note: str = ""
) -> Figure:
    """A figure shown for context, with no target."""
    return Figure(section, name, unit, ours, theirs, "", None, note)


# -- timing -------------------------------------------------------------------------------


@attrs.frozen
class Settings:
    """How hard to measure.

    Attributes:
        repeat: Repeats of each per-call loop; the best is kept.
        min_time: Seconds each repeat should last at least.
        cold_runs: Fresh processes per library for the cold start.
        scale_sizes: ``(records, observations)`` of the generated datasets.
    """

    repeat: int
    min_time: float
    cold_runs: int
    scale_sizes: tuple[tuple[int, int], ...]


FULL = Settings(
    repeat=7, min_time=0.2, cold_runs=21, scale_sizes=((1_000, 10_000), (10_000, 100_000))
)
QUICK = Settings(repeat=3, min_time=0.05, cold_runs=7, scale_sizes=((10_000, 100_000),))


def per_call_us(
    stmt: str, namespace: dict[str, Any], calls_per_loop: int, settings: Settings
) -> float:
    """Best time of one call, in µs, for ``stmt`` making ``calls_per_loop`` calls.

    The statement is compiled by :mod:`timeit` with ``namespace`` as its
    globals, so it reads exactly as a user would write it (module attribute
    look-ups included) and nothing else is timed but the loop over the keys.
    """
    # CPU time of this process, not wall time: on a shared machine other
    # processes take turns on the CPU, which wall time would count as ours.
    timer = timeit.Timer(stmt, timer=time.process_time, globals=namespace)
    number = 1
    while True:
        # Grow the loop count until one repeat lasts min_time, as timeit's
        # autorange does but with our own minimum.
        if timer.timeit(number) >= settings.min_time:
            break
        number *= 2
    best = min(timer.repeat(repeat=settings.repeat, number=number))
    return best / number / calls_per_loop * 1e6


def run_ms(argv: Sequence[str], env: dict[str, str]) -> tuple[float, float]:
    """CPU and wall-clock milliseconds of one run of a fresh process.

    The CPU time (user and system, from the kernel's accounting of waited-for
    children) is what the process itself cost; the wall time also counts
    waiting for a CPU, which on a busy machine is noise.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, check=True, env=env, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu * 1e3, wall * 1e3


def child_env() -> dict[str, str]:
    """The environment for child processes: ours, so they import the same palermo."""
    env = dict(os.environ)
    # The parent may have found palermo through sys.path tweaks (running
    # from a source tree); pass the same path on.
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    # An installed package is imported from bytecode (pip writes it at
    # install; pycountry's is there already). With PYTHONDONTWRITEBYTECODE
    # set, palermo run from a source tree would be compiled from source on
    # every start, timing the compiler rather than palermo.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


# -- per-call figures on the bundled data -------------------------------------------------


def bundled_keys() -> dict[str, tuple[Any, ...]]:
    """The keys the per-call loops go through, all known to resolve."""
    import pycountry

    import palermo

    ds = palermo.bundled()
    aliases: list[str] = []
    for inst in ds.instruments:
        aliases.extend((inst.short_title, *inst.aliases))
    for agency in ds.agencies:
        aliases.extend((agency.name, *((agency.acronym,) if agency.acronym else ())))
    for res in ds.resolutions:
        aliases.append(str(res.symbol))
    # Keep only names that resolve to one record (some names are shared on
    # purpose and raise AmbiguousKeyError: not what this loop measures).
    good: list[str] = []
    for key in dict.fromkeys(aliases):
        try:
            ds.lookup(key)
        except palermo.PalermoError:
            continue
        good.append(key)
    countries = tuple(pycountry.countries)
    first = datetime.date(1990, 1, 1).toordinal()
    as_of_pairs = tuple(
        (measure, f"{year}-12-31")
        for measure in ds.statistics.measures
        for year in (2005, 2012, 2020)
    )
    return {
        "instrument_ids": ds.instruments.ids,
        "instrument_names": tuple(
            dict.fromkeys(
                name for inst in ds.instruments for name in (inst.short_title, *inst.aliases)
            )
        ),
        "aliases": tuple(good),
        "alpha_2": tuple(c.alpha_2 for c in countries),
        "country_names": tuple(c.name for c in countries),
        "as_of_pairs": as_of_pairs,
        "as_of_dates": tuple((m, datetime.date(int(d[:4]), 12, 31)) for m, d in as_of_pairs),
        "search_queries": SEARCH_QUERIES,
        "related_ids": (*ds.instruments.ids, *ds.resolutions.ids, *ds.agencies.ids[:20]),
        "at_dates": ("1999", "2003-12-31", "2008-06", "2015-09-25", "2020-12-31"),
        # A different day for every call, more days than any small cache of
        # parsed dates would hold: the cost of a date string not seen before.
        "as_of_new_days": tuple(
            (ds.statistics.measures[i % len(ds.statistics.measures)], _day(first + i))
            for i in range(20_000)
        ),
    }


SEARCH_QUERIES: tuple[str, ...] = (
    "palermo protocol",
    "world day",
    "trafficking",
    "blue hart",
    "organized crime convention",
    "forced labour",
    "sdg 16.2",
    "unodc",
    "smuggling of migrants",
    "global plan of action",
)
"""A mix of what people type: names, topics, a typo, a code, an acronym."""


def first_lookups_us(names: Sequence[str], copies: int = 5) -> float:
    """Per-call µs of looking each name up once, in a dataset never asked before.

    The bundled data is written to a folder and read back ``copies`` times;
    each copy looks every name up once, so nothing it may remember from an
    earlier call helps. The best copy counts.
    """
    import palermo

    with tempfile.TemporaryDirectory(prefix="palermo-bench-") as tmp:
        palermo.dump(palermo.bundled(), tmp)
        best = float("inf")
        for _ in range(copies):
            ds = palermo.load(tmp)
            start = time.process_time()
            for name in names:
                ds.lookup(name)
            best = min(best, time.process_time() - start)
    return best / len(names) * 1e6


JUNK_QUERIES = 1_000
_JUNK_LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789  -.'/"


def junk_keys(n: int = JUNK_QUERIES, seed: int = 15) -> tuple[str, ...]:
    """``n`` random strings of 3 to 25 characters that name nothing (a fixed seed)."""
    import random

    rng = random.Random(seed)
    out = []
    for _ in range(n):
        size = rng.randint(3, 25)
        key = "".join(rng.choice(_JUNK_LETTERS) for _ in range(size)).strip(" -./'")
        out.append(f"{key or 'x'}qz")
    return tuple(out)


def tail_ms(call: Callable[[str], object], keys: Sequence[str]) -> tuple[float, float]:
    """The mean and 99th percentile, in ms of CPU time, of ``call`` over ``keys``.

    Each key is asked once, after one call that builds what a first miss
    builds; an error raised by ``call`` is part of its answer.
    """
    import palermo

    def once(key: str) -> float:
        start = time.process_time()
        with contextlib.suppress(palermo.PalermoError):
            call(key)
        return (time.process_time() - start) * 1e3

    once("warm up qz")
    times = sorted(once(k) for k in keys)
    return statistics.fmean(times), times[max(int(len(times) * 0.99) - 1, 0)]


def measure_per_call(settings: Settings) -> list[Figure]:
    """get, lookup, search, as_of, related and at, per call."""
    import pycountry

    import palermo

    # Both libraries read their data on first use; that cost belongs to the
    # cold start, not to a call.
    keys = bundled_keys()
    for db in (pycountry.countries,):
        len(db)
    ns: dict[str, Any] = {"palermo": palermo, "pycountry": pycountry, **keys}

    def t(stmt: str, key: str) -> float:
        return per_call_us(stmt, ns, len(keys[key]), settings)

    sec = "per call, bundled data"
    out: list[Figure] = []

    ours = t("for k in instrument_ids: palermo.instruments.get(k)", "instrument_ids")
    theirs = t("for k in alpha_2: pycountry.countries.get(alpha_2=k)", "alpha_2")
    out.append(
        at_most_ratio(
            sec, "get by id", "µs", ours, theirs, 0.5,
            f"palermo.instruments.get(id), {len(keys['instrument_ids'])} ids; "
            f"pycountry.countries.get(alpha_2=...), {len(keys['alpha_2'])} codes",
        )
    )  # fmt: skip
    ours = t("for k in aliases: palermo.lookup(k)", "aliases")
    theirs = t("for k in country_names: pycountry.countries.lookup(k)", "country_names")
    out.append(
        at_most_ratio(
            sec, "lookup by name or alias", "µs", ours, theirs, 0.5,
            f"palermo.lookup(name), {len(keys['aliases'])} titles, aliases, acronyms, "
            f"symbols; pycountry.countries.lookup(name), {len(keys['country_names'])} names",
        )
    )  # fmt: skip
    out.append(
        info(
            sec, "  lookup, first time for each name", "µs", first_lookups_us(keys["aliases"]),
            note="the same names on freshly loaded copies of the bundled data",
        )
    )  # fmt: skip
    ours = t("for k in instrument_names: palermo.instruments.lookup(k)", "instrument_names")
    out.append(
        info(
            sec, "  lookup, in one collection", "µs", ours,
            note="palermo.instruments.lookup(title or alias)",
        )
    )  # fmt: skip
    ours = t("for m, d in as_of_pairs: palermo.statistics.as_of(m, d)", "as_of_pairs")
    out.append(
        at_most(
            sec, "as_of", "µs", ours, 2,
            note=f"statistics.as_of(measure, 'YYYY-12-31'), {len(keys['as_of_pairs'])} pairs",
        )
    )  # fmt: skip
    ours = t("for m, d in as_of_dates: palermo.statistics.as_of(m, d)", "as_of_dates")
    out.append(info(sec, "  as_of, datetime.date", "µs", ours, note="the same with date objects"))
    ours = t("for m, d in as_of_new_days: palermo.statistics.as_of(m, d)", "as_of_new_days")
    out.append(
        info(sec, "  as_of, a new date string each call", "µs", ours, note="20,000 different days")
    )
    per_query = {q: per_call_us(f"palermo.search({q!r})", ns, 1, settings) for q in SEARCH_QUERIES}
    theirs = per_call_us("pycountry.countries.search_fuzzy('france')", ns, 1, settings)
    out.append(
        at_most(
            sec, "search", "µs", statistics.fmean(per_query.values()), 100, theirs,
            f"palermo.search(q), mean over {len(SEARCH_QUERIES)} queries; "
            "pycountry.countries.search_fuzzy('france') for scale only",
        )
    )  # fmt: skip
    slowest = max(per_query, key=lambda q: per_query[q])
    out.append(info(sec, f"  search, slowest: {slowest!r}", "µs", per_query[slowest]))
    junk = junk_keys()
    mean, p99 = tail_ms(palermo.lookup, junk)
    out.append(
        at_most(
            sec, "lookup miss with suggestions, p99", "ms", p99, 1,
            note=f"palermo.lookup(key) over {len(junk):,} junk keys, each once; "
            "NotFoundError with suggestions",
        )
    )  # fmt: skip
    out.append(info(sec, "  lookup miss, mean", "ms", mean))
    mean, p99 = tail_ms(palermo.search, junk)
    out.append(
        at_most(
            sec, "search over junk queries, p99", "ms", p99, 5,
            note=f"palermo.search(q) over {len(junk):,} junk queries, each once",
        )
    )  # fmt: skip
    out.append(info(sec, "  search over junk queries, mean", "ms", mean))
    ours = t("for k in related_ids: palermo.related(k)", "related_ids")
    out.append(info(sec, "related", "µs", ours, note="palermo.related(id), every kind"))
    ours = t("for d in at_dates: palermo.at(d)", "at_dates")
    out.append(info(sec, "at", "µs", ours, note="palermo.at(date), five dates"))
    ours = per_call_us(
        "palermo.participation.status('France', 'Palermo Protocol', on='2010-01-01')",
        ns,
        1,
        settings,
    )
    out.append(info(sec, "participation.status", "µs", ours))
    return out


# -- fresh processes: cold start and memory ----------------------------------------------

COLD_PALERMO = "import palermo; palermo.lookup('Palermo Protocol')"
COLD_PYCOUNTRY = "import pycountry; pycountry.countries.get(alpha_2='FR')"

_RSS = """
import sys
def _peak_mib():
    # Linux carries ru_maxrss over exec from the parent (this benchmark, by
    # then large), so read the high-water mark of this process's own memory.
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource
    r = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # ru_maxrss is in bytes on macOS, KiB elsewhere.
    return r / (1024 * 1024) if sys.platform == "darwin" else r / 1024
print(_peak_mib())
"""

MEM_PALERMO = (
    "import palermo\n"
    "from palermo import participation\n"
    "ds = palermo.bundled()\n"
    "for _, coll in ds.collections():\n"
    "    list(coll)\n"
    "ds.search('trafficking')\n"
    "ds.related('tip-protocol')\n"
    "ds.at('2020')\n"
    "ds.timeline()\n"
    "for i in participation.instrument_ids():\n"
    "    participation.timeline(i)\n"
    "participation.status('France', 'Palermo Protocol', on='2010-01-01')\n"
)
"""Everything palermo holds: every collection with its lookup and search
indexes, the related-records graph, the search word weights, and the four
participation tables."""

MEM_PYCOUNTRY = (
    "import pycountry\n"
    "for db in (pycountry.countries, pycountry.historic_countries, pycountry.subdivisions,\n"
    "           pycountry.languages, pycountry.language_families, pycountry.currencies,\n"
    "           pycountry.scripts):\n"
    "    len(db)\n"
)
"""Everything pycountry holds: its seven databases (ISO 3166-1, -2, -3, 639-3,
639-5, 4217 and 15924), without translations."""

MEM_PYCOUNTRY_COUNTRIES = "import pycountry\npycountry.countries.get(alpha_2='FR')\n"


def peak_rss_mib(code: str, env: dict[str, str]) -> float:
    """Peak resident memory, in MiB, of a fresh process that runs ``code``."""
    done = subprocess.run(
        [sys.executable, "-c", code + "\n" + _RSS],
        check=True,
        env=env,
        capture_output=True,
        text=True,
    )
    return float(done.stdout.split()[-1])


def measure_processes(settings: Settings) -> list[Figure]:
    """Cold start and memory, each in fresh processes."""
    env = child_env()
    py = sys.executable
    # One run of each first, so neither pays for writing bytecode or a cold
    # file cache.
    for code in (COLD_PALERMO, COLD_PYCOUNTRY, "pass"):
        subprocess.run([py, "-c", code], check=True, env=env)
    runs: dict[str, list[tuple[float, float]]] = {"palermo": [], "pycountry": [], "bare": []}
    # Interleaved, so a burst of load on the machine hits all three alike.
    for _ in range(settings.cold_runs):
        runs["palermo"].append(run_ms([py, "-c", COLD_PALERMO], env))
        runs["pycountry"].append(run_ms([py, "-c", COLD_PYCOUNTRY], env))
        runs["bare"].append(run_ms([py, "-c", "pass"], env))

    def median(who: str, which: int) -> float:
        return statistics.median(r[which] for r in runs[who])

    sec = "fresh process"
    out = [
        at_most_ratio(
            sec,
            "cold start, CPU",
            "ms",
            median("palermo", 0),
            median("pycountry", 0),
            1.3,
            f"median of {settings.cold_runs}: import + one lookup / import + one get; "
            "user + system time of the process",
        ),
        info(
            sec,
            "  cold start, wall clock",
            "ms",
            median("palermo", 1),
            median("pycountry", 1),
            "the same runs; counts waiting for a CPU on a busy machine",
        ),
        info(sec, "  bare interpreter, CPU", "ms", median("bare", 0), note="python -c pass"),
    ]
    ours_mem = statistics.median(peak_rss_mib(MEM_PALERMO, env) for _ in range(3))
    theirs_mem = statistics.median(peak_rss_mib(MEM_PYCOUNTRY, env) for _ in range(3))
    out.append(
        at_most_ratio(
            sec,
            "memory, everything loaded",
            "MiB",
            ours_mem,
            theirs_mem,
            1,
            "peak RSS; palermo: every collection, indexes, graph, participation; "
            "pycountry: its 7 databases",
        )
    )
    out.append(
        info(
            sec,
            "  memory, one lookup",
            "MiB",
            peak_rss_mib(COLD_PALERMO, env),
            peak_rss_mib(MEM_PYCOUNTRY_COUNTRIES, env),
            "the cold-start processes: import + one lookup / import + one get",
        )
    )
    out.append(info(sec, "  bare interpreter", "MiB", peak_rss_mib("pass", env)))
    return out


# -- scale: a generated dataset through the same loader ----------------------------------

_SOURCE_KINDS = ("treaty text", "resolution", "report", "press release", "web page", "database")
_WORDS = (
    "trafficking", "persons", "labour", "migrants", "children", "victims", "protection",
    "cooperation", "prevention", "prosecution", "borders", "exploitation", "justice",
)  # fmt: skip


def _day(ordinal: int) -> str:
    return datetime.date.fromordinal(ordinal).isoformat()


def _words(i: int) -> str:
    return " ".join(_WORDS[(i * k) % len(_WORDS)] for k in (1, 3, 7))


def generate(folder: Path, n_records: int, n_observations: int) -> dict[str, int]:
    """Write a dataset of ``n_records`` records and ``n_observations`` statistics.

    The records are spread over the kinds as in a real dataset (a fifth each
    of sources, instruments, resolutions and agencies, a tenth each of SDG
    targets and disagreements), every reference resolves, and the statistics
    are ``n_observations // 100`` measures of 100 observations each, over 30
    years, with some figures dated only to the month or the year and some
    days given by two sources. Returns the count of each kind.
    """
    n = {
        "sources": n_records // 5,
        "instruments": n_records // 5,
        "resolutions": n_records // 5,
        "agencies": n_records // 5,
        "sdg_targets": n_records // 10,
        "disagreements": n_records // 10,
    }
    n_measures = max(n_observations // 100, 1)
    start = datetime.date(1995, 1, 1).toordinal()

    def src(i: int) -> list[str]:
        return [f"source-{i % n['sources']}", f"source-{(i * 7 + 1) % n['sources']}"]

    def res_id(i: int) -> tuple[str, str]:
        session, number = 40 + i // 1000, i % 1000 + 1
        return f"a-res-{session}-{number}", f"A/RES/{session}/{number}"

    files: dict[str, list[dict[str, Any]]] = {
        "sources": [
            {
                "id": f"source-{i}",
                "title": f"Report {i} on {_words(i)}",
                "publisher": f"Publisher {i % 40}",
                "kind": _SOURCE_KINDS[i % len(_SOURCE_KINDS)],
                "date": _day(start + i % 9000),
                "url": f"https://example.org/reports/{i}",
            }
            for i in range(n["sources"])
        ],
        "instruments": [
            {
                "id": f"instrument-{i}",
                "title": f"Convention {i} on {_words(i)}",
                "short_title": f"Synthetic Convention {i}",
                "aliases": [f"SC-{i}"],
                "kind": "convention",
                "legally_binding": True,
                "adopted": _day(start + i % 9000),
                "adopted_by": res_id(i)[0],
                "entry_into_force": _day(start + i % 9000 + 700),
                "custodian": f"agency-{i % n['agencies']}",
                **({"supplements": f"instrument-{i - 1}"} if i % 4 else {}),
                "description": f"A generated instrument about {_words(i + 1)}.",
                "sources": src(i),
            }
            for i in range(n["instruments"])
        ],
        "resolutions": [
            {
                "id": res_id(i)[0],
                "symbol": res_id(i)[1],
                "organ": "General Assembly",
                "adopted": _day(start + i % 9000),
                "title": f"Resolution {i} on {_words(i)}",
                "adopts": [f"instrument-{i}"],
                "sources": src(i),
            }
            for i in range(n["resolutions"])
        ],
        "agencies": [
            {
                "id": f"agency-{i}",
                "name": f"Synthetic Agency {i}",
                "acronym": f"SYA{i}",
                "kind": "UN office",
                "established": str(1950 + i % 70),
                **({"parent": f"agency-{i // 10}"} if i >= 10 else {}),
                "description": f"A generated agency working on {_words(i)}.",
                "sources": src(i),
            }
            for i in range(n["agencies"])
        ],
        "sdg_targets": [
            {
                "id": f"sdg-{1 + i % 17}.{i // 17 + 1}",
                "code": f"{1 + i % 17}.{i // 17 + 1}",
                "goal": 1 + i % 17,
                "text": f"Target on {_words(i)}",
                "indicators": [
                    {
                        "code": f"{1 + i % 17}.{i // 17 + 1}.1",
                        "text": f"Indicator on {_words(i + 2)}",
                        "custodians": [f"agency-{i % n['agencies']}"],
                    }
                ],
                "sources": src(i),
            }
            for i in range(n["sdg_targets"])
        ],
        "statistics": [],
        "disagreements": [
            {
                "id": f"disagreement-{i}",
                "subject": [f"instrument-{i % n['instruments']}"],
                "topic": f"Dispute {i} on {_words(i)}",
                "claims": [
                    {"value": "one figure", "sources": src(i)[:1], "status": "supported"},
                    {
                        "value": "another figure",
                        "sources": src(i)[1:],
                        "status": "erratum",
                        "statistic": f"measure-{i % n_measures}.obs-0",
                    },
                ],
                "finding": "The primary record supports the first figure.",
                "sources": src(i),
            }
            for i in range(n["disagreements"])
        ],
    }
    stats = files["statistics"]
    for m in range(n_measures):
        for k in range(n_observations // n_measures):
            day = datetime.date.fromordinal(start + k * 109 + m % 50)
            # Most figures are dated to the day, some only to the month or
            # the year, as real sources give them.
            date = (
                str(day.year) if k % 10 == 9 else day.isoformat()[:7] if k % 10 == 8 else str(day)
            )
            stats.append(
                {
                    "id": f"measure-{m}.obs-{k}",
                    "measure": f"synthetic.measure-{m}",
                    "value": 1000 + m + k,
                    "unit": "persons",
                    "date": date,
                    "about": [f"instrument-{m % n['instruments']}"],
                    "description": f"Observation {k} of measure {m}.",
                    "sources": src(m + k),
                }
            )
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "dataset.json").write_text('{"version": "synthetic"}\n', encoding="utf-8")
    for name, rows in files.items():
        (folder / f"{name}.json").write_text(json.dumps(rows), encoding="utf-8")
    return {name: len(rows) for name, rows in files.items()}


def measure_scale(settings: Settings, bundled_as_of: float) -> list[Figure]:
    """Load time, as_of, lookup and get on generated datasets of growing size."""
    import palermo

    out: list[Figure] = []
    for n_records, n_obs in settings.scale_sizes:
        sec = f"scale: {n_records:,} records, {n_obs:,} observations"
        big = (n_records, n_obs) == max(settings.scale_sizes)
        with tempfile.TemporaryDirectory(prefix="palermo-bench-") as tmp:
            generate(Path(tmp), n_records, n_obs)
            start = time.process_time()
            ds = palermo.load(tmp)
            load_s = time.process_time() - start
        n_measures = len(ds.statistics.measures)
        pairs = tuple(
            (m, f"{year}-12-31")
            for i, m in enumerate(ds.statistics.measures[:: max(n_measures // 200, 1)])
            for year in (1996 + i % 5, 2008, 2023)
        )
        names = tuple(
            name
            for i in range(0, len(ds.instruments), max(len(ds.instruments) // 100, 1))
            for name in (f"Synthetic Convention {i}", f"SC-{i}", f"SYA{i}")
        )
        ids = ds.instruments.ids[:: max(len(ds.instruments) // 200, 1)]
        ns: dict[str, Any] = {"ds": ds, "pairs": pairs, "names": names, "ids": ids}
        if big:
            out.append(
                at_most(sec, "load", "s", load_s, 2, note="palermo.load(folder), once; CPU time")
            )
        else:
            out.append(info(sec, "load", "s", load_s, note="palermo.load(folder), once; CPU time"))
        as_of = per_call_us(
            "for m, d in pairs: ds.statistics.as_of(m, d)", ns, len(pairs), settings
        )
        if big:
            out.append(at_most(sec, "as_of", "µs", as_of, 5))
        else:
            out.append(info(sec, "as_of", "µs", as_of))
        out.append(
            info(
                sec,
                "  as_of, over the bundled data's",
                "x",
                as_of / bundled_as_of,
                note="near 1 means near-constant as the data grows",
            )
        )
        out.append(
            info(
                sec,
                "lookup by name",
                "µs",
                per_call_us("for k in names: ds.lookup(k)", ns, len(names), settings),
                note="ds.lookup(title, alias or acronym)",
            )
        )
        out.append(
            info(
                sec,
                "get by id",
                "µs",
                per_call_us("for k in ids: ds.instruments.get(k)", ns, len(ids), settings),
                note="ds.instruments.get(id)",
            )
        )
        start = time.process_time()
        with contextlib.suppress(palermo.NotFoundError):
            ds.lookup("first miss qz")
        first = (time.process_time() - start) * 1e3
        junk = junk_keys()
        mean, p99 = tail_ms(ds.lookup, junk)
        if big:
            out.append(
                at_most(
                    sec, "lookup miss with suggestions, p99", "ms", p99, 20,
                    note=f"ds.lookup(key) over {len(junk):,} junk keys, each once",
                )
            )  # fmt: skip
        else:
            out.append(info(sec, "lookup miss with suggestions, p99", "ms", p99))
        out.append(info(sec, "  lookup miss, mean", "ms", mean))
        out.append(
            info(
                sec, "  first miss", "ms", first,
                note="builds the trigram index of every collection's names",
            )
        )  # fmt: skip
        del ds, ns
    return out


# -- report -------------------------------------------------------------------------------


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "x":
        return f"{value:.2f}x"
    if value >= 100:
        return f"{value:,.0f} {unit}"
    if value >= 10:
        return f"{value:.1f} {unit}"
    return f"{value:.2f} {unit}" if value >= 0.1 else f"{value:.3f} {unit}"


def table(figures: Sequence[Figure]) -> str:
    """The figures as a Markdown table, one section after another."""
    head = ("figure", "palermo", "pycountry", "ratio", "target", "result")
    rows: list[tuple[str, ...]] = []
    section = ""
    for f in figures:
        if f.section != section:
            section = f.section
            rows.append((f"**{section}**", "", "", "", "", ""))
        ratio = f.ratio
        result = "" if f.passed is None else "PASS" if f.passed else "MISS"
        rows.append(
            (
                f.name,
                _fmt(f.palermo, f.unit),
                _fmt(f.pycountry, f.unit),
                "-" if ratio is None else f"{ratio:.2f}",
                f.target,
                result,
            )
        )
    widths = [max(len(r[i]) for r in (head, *rows)) for i in range(len(head))]

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join((line(head), sep, *(line(r) for r in rows)))


def environment() -> dict[str, str]:
    """What the figures were measured on."""
    from importlib.metadata import version

    import palermo

    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "platform": platform.platform(),
        "cpus": str(os.cpu_count()),
        "palermo": palermo.__version__,
        "palermo data": palermo.DATA_VERSION,
        "pycountry": version("pycountry"),
        "attrs": version("attrs"),
        "cattrs": version("cattrs"),
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Run every benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="fewer repeats and runs")
    parser.add_argument("--json", metavar="FILE", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    settings = QUICK if args.quick else FULL
    began = time.perf_counter()
    steps: tuple[tuple[str, Callable[[], list[Figure]]], ...] = (
        ("fresh processes", lambda: measure_processes(settings)),
        ("per-call timings", lambda: measure_per_call(settings)),
    )
    figures: list[Figure] = []
    for label, step in steps:
        print(f"measuring {label}...", file=sys.stderr, flush=True)
        figures += step()
    bundled_as_of = next(f.palermo for f in figures if f.name == "as_of")
    print("measuring scale...", file=sys.stderr, flush=True)
    figures += measure_scale(settings, bundled_as_of)
    env = environment()
    print()
    print(", ".join(f"{k} {v}" for k, v in env.items()))
    print()
    print(table(figures))
    missed = [f.name.strip() for f in figures if f.passed is False]
    print()
    print(f"{len(missed)} target(s) missed" + (f": {', '.join(missed)}" if missed else ""))
    print(f"({time.perf_counter() - began:.0f} s)")
    if args.json is not None:
        payload = {
            "environment": env,
            "settings": attrs.asdict(settings),
            "figures": [{**attrs.asdict(f), "ratio": f.ratio} for f in figures],
        }
        args.json.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
