"""The archive's search index: every archived story's headline, keywords, region and date in one small
script, ``out/search.js``, that ``out/index.html`` loads and searches offline."""
from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

SEARCH_FILE = "search.js"
#: The global the script sets; ``templates/index.html.j2`` reads it.
GLOBAL = "DIGEST_SEARCH"


#: The story keys ``day_rows`` reads.
ROW_KEYS = ("id", "title", "region", "keywords", "reprint_of")


def day_rows(record: dict[str, Any]) -> list[list[str]]:
    """One day's stories as index rows ``[story id, headline, region, keywords joined by a space]``, from
    the day's ``digest.json`` object; a printing shown with another (``reprint_of``) is left out, and a
    record written before regions were stored gets an empty region."""
    return [[s["id"], s["title"], s.get("region") or "", " ".join(s.get("keywords", []))]
            for s in record["stories"] if not s.get("reprint_of")]


def search_index(days: Iterable[tuple[str, list[list[str]]]]) -> dict[str, Any]:
    """The index as one object: ``{"days": [date, ...], "stories": [[day index, id, headline, region,
    keywords], ...]}``, dates in the order given (newest first). Row fields repeat no date, so a year of
    48-story days is about 2 MB."""
    dates, stories = [], []
    for n, (date, rows) in enumerate(days):
        dates.append(date)
        stories.extend([n, *row] for row in rows)
    return {"days": dates, "stories": stories}


def render_search_script(index: dict[str, Any]) -> str:
    """``search.js``: the index assigned to ``window.DIGEST_SEARCH``. A script rather than JSON because a
    page opened from disk (``file://``) may load a script but Chromium refuses it ``fetch()``. ``</`` is
    escaped so no headline can close the script."""
    payload = json.dumps(index, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return f"window.{GLOBAL}={payload};\n"
