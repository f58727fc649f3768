"""palermo works offline (issue 8): with every socket blocked before it is
imported, importing it and running every query succeeds; and importing it
never imports Hypothesis. Both run in a fresh interpreter so that the import
itself is what is tested."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

BLOCK_SOCKETS = """
import socket

class NetworkBlocked(RuntimeError):
    pass

def _refuse(*args, **kwargs):
    raise NetworkBlocked("palermo tried to use the network")

class _NoSocket(socket.socket):
    def __init__(self, *args, **kwargs):
        _refuse()

socket.socket = _NoSocket
socket.create_connection = _refuse
socket.getaddrinfo = _refuse
socket.socketpair = _refuse
"""

EVERY_QUERY = """
import datetime, io, tempfile
import palermo
from palermo import participation
from palermo.cli import main

ds = palermo.bundled()
assert palermo.lookup("Palermo Protocol").id == "tip-protocol"
assert palermo.search("world day")
assert palermo.related("tip-protocol")
assert palermo.at("2010").instruments
assert palermo.timeline("2000", "2003")
for name, coll in ds.collections():
    first = next(iter(coll))
    assert coll.get(first.id) is first and coll.lookup(first.id) is first
    assert coll[first.id] is first and first.id in coll
    coll.search(first.id)
    coll.suggest(first.id)
    coll.filter(id=first.id)
stats = palermo.statistics
m = "tip-protocol.parties"
assert stats.series(m) and stats.latest(m)
assert stats.as_of(m, datetime.date(2020, 12, 31)) in stats.as_of_all(m, "2020-12-31")
assert participation.status("France", "untoc").is_party
assert participation.count("tip-protocol", on="2008") == len(participation.parties("tip-protocol", on="2008"))
assert participation.signatories("untoc")
assert participation.history("FRA")
assert participation.participant("Turkey").id == "TUR"
assert participation.participants("untoc")
assert participation.covered_until("untoc")
assert participation.table("untoc")
assert participation.timeline("untoc")
try:
    participation.count("untoc", on="2100")
except palermo.NotCoveredError as exc:
    assert "cannot say" in str(exc)
folder = tempfile.mkdtemp()
palermo.dump(ds, folder)
assert palermo.load(folder).instruments.get("untoc") == palermo.instruments.get("untoc")
for argv in (["show", "untoc"], ["search", "protocol"], ["list", "agencies"],
             ["timeline", "--start", "2000"], ["series", m], ["status", "FRA", "untoc"]):
    assert main(argv, out=io.StringIO()) == 0, argv
print("offline ok")
"""


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=False,
    )


def test_every_query_works_with_sockets_blocked() -> None:
    proc = run_python(BLOCK_SOCKETS + EVERY_QUERY)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "offline ok"
    assert "NetworkBlocked" not in proc.stderr


def test_the_block_really_blocks() -> None:
    # Without this, a broken block would make the test above pass vacuously.
    proc = run_python(BLOCK_SOCKETS + "import socket\nsocket.create_connection(('127.0.0.1', 9))\n")
    assert proc.returncode != 0
    assert "NetworkBlocked" in proc.stderr


def test_importing_palermo_does_not_import_hypothesis() -> None:
    code = textwrap.dedent(
        """
        import sys
        import palermo, palermo.cli, palermo.participation
        palermo.lookup("untoc")
        assert "hypothesis" not in sys.modules, "palermo imported hypothesis"
        import palermo.testing
        assert "hypothesis" in sys.modules
        print("ok")
        """
    )
    proc = run_python(code)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "ok"
