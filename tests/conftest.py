"""Shared test settings: Hypothesis profiles and small dataset folders."""

from __future__ import annotations

import json
import os
import pathlib
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("default", max_examples=100, deadline=None)
settings.register_profile(
    "fuzz",
    max_examples=10_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

MINI: dict[str, Any] = {
    "dataset.json": {"version": "test", "released": "2026-01-01"},
    "sources.json": [
        {
            "id": "s1",
            "title": "Treaty text",
            "publisher": "UN",
            "kind": "treaty text",
            "url": "https://example.org/treaty",
        },
        {"id": "s2", "title": "A copy", "publisher": "Someone", "kind": "secondary copy"},
    ],
    "instruments.json": [
        {
            "id": "untoc",
            "title": "Convention",
            "short_title": "UNTOC",
            "kind": "convention",
            "legally_binding": True,
            "sources": ["s1"],
            "adopted": "2000-11-15",
            "adopted_by": "a-res-55-25",
            "entry_into_force": "2003-09-29",
        },
        {
            "id": "tip-protocol",
            "title": "Protocol",
            "short_title": "TIP Protocol",
            "kind": "protocol",
            "legally_binding": True,
            "sources": ["s1"],
            "aliases": ["Palermo Protocol"],
            "adopted": "2000-11-15",
            "adopted_by": "a-res-55-25",
            "supplements": "untoc",
            "entry_into_force": "2003-12-25",
        },
    ],
    "resolutions.json": [
        {
            "id": "a-res-55-25",
            "symbol": "A/RES/55/25",
            "organ": "General Assembly",
            "adopted": "2000-11-15",
            "title": "Convention",
            "sources": ["s1"],
            "adopts": ["untoc", "tip-protocol"],
        },
    ],
    "agencies.json": [
        {
            "id": "unodc",
            "name": "Office",
            "acronym": "UNODC",
            "kind": "UN office",
            "sources": ["s1"],
            "guardian_of": ["untoc"],
            "established": "1997",
        },
    ],
    "sdg_targets.json": [
        {
            "id": "sdg-16.2",
            "code": "16.2",
            "goal": 16,
            "text": "End abuse",
            "sources": ["s1"],
            "indicators": [{"code": "16.2.2", "text": "Victims", "custodians": ["unodc"]}],
        },
    ],
    "statistics.json": [
        {
            "id": "p1",
            "measure": "tip-protocol.parties",
            "value": 178,
            "unit": "parties",
            "date": "2020-10-09",
            "sources": ["s2"],
            "about": ["tip-protocol"],
        },
        {
            "id": "p2",
            "measure": "tip-protocol.parties",
            "value": 177,
            "unit": "parties",
            "date": "2020-10-09",
            "sources": ["s1"],
            "about": ["tip-protocol"],
        },
        {
            "id": "p3",
            "measure": "tip-protocol.parties",
            "value": 172,
            "unit": "parties",
            "date": "2017",
            "sources": ["s2"],
            "qualifier": "approximately",
        },
    ],
    "disagreements.json": [
        {
            "id": "d1",
            "subject": ["tip-protocol"],
            "topic": "parties",
            "claims": [
                {
                    "value": "178",
                    "sources": ["s2"],
                    "status": "true at its date",
                    "statistic": "p1",
                },
                {"value": "177", "sources": ["s1"], "status": "supported", "statistic": "p2"},
            ],
            "finding": "The depositary counted 177.",
            "sources": ["s1"],
        },
    ],
}
"""A small valid dataset, as the JSON that files hold."""

WriteFn = Callable[..., pathlib.Path]


@pytest.fixture
def write_dataset(tmp_path: pathlib.Path) -> WriteFn:
    """Write :data:`MINI`, with files replaced as given, to a fresh folder."""

    def write(**replace: Any) -> pathlib.Path:
        folder = tmp_path / "ds"
        folder.mkdir(exist_ok=True)
        files = dict(MINI)
        for key, value in replace.items():
            files[key.replace("__", ".")] = value
        for name, content in files.items():
            if content is None:
                continue
            path = folder / name
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(json.dumps(content, indent=2), encoding="utf-8")
        return folder

    return write
