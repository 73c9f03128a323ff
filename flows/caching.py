"""Per-page results kept between runs: a Prefect cache policy keyed by the page file's content, the task's
options and the code's version, with results persisted in Prefect's result storage (by default
``$PREFECT_HOME/storage``). A retried or re-run day reuses the pages already done; a changed page, option
or library module is processed again."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from prefect.cache_policies import INPUTS, CachePolicy
from prefect.context import TaskRunContext
from prefect.utilities.hashing import hash_objects

import summarize

#: Libraries whose versions can change a page's stories or summaries.
_LIBRARIES = ("jieba", "textrank4zh", "networkx", "charset-normalizer")
#: Files of ``summarize/`` that shape a page's result: its code, models and word lists.
_CODE_SUFFIXES = (".py", ".json", ".txt", ".tsv")


def code_version() -> str:
    """A SHA-256 (hex) of every code, model and word-list file of the ``summarize`` package (names and
    bytes) and of the versions of the libraries it ranks and segments with: changes whenever anything
    that makes a page's result changes."""
    digest = hashlib.sha256()
    package = Path(summarize.__file__).parent
    for path in sorted(p for p in package.rglob("*") if p.suffix in _CODE_SUFFIXES and "__pycache__" not in p.parts):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for name in _LIBRARIES:
        try:
            digest.update(f"{name}=={version(name)}\0".encode())
        except PackageNotFoundError:
            digest.update(f"{name} missing\0".encode())
    return digest.hexdigest()


CODE_VERSION = code_version()


def file_digest(path: str | Path, max_bytes: int) -> str | None:
    """SHA-256 (hex) of the regular file at ``path``; None when it is not a regular file, is larger than
    ``max_bytes`` or cannot be read (such a page is not cached: reading it again reports why)."""
    try:
        path = Path(path)
        if not path.is_file() or path.is_symlink() or path.stat().st_size > max_bytes:
            return None
        with open(path, "rb") as page:
            return hashlib.file_digest(page, "sha256").hexdigest()
    except OSError:
        return None


@dataclass
class PageContent(CachePolicy):
    """Cache key of a per-page task: the content hash of the page file named by its ``path`` input (not
    its modification time: a copied or touched page is still done), all its inputs (``INPUTS``: the path
    itself and the options) and ``CODE_VERSION``. No key — so no caching — when the file cannot be
    hashed (see ``file_digest``)."""

    def compute_key(self, task_ctx: TaskRunContext, inputs: dict[str, Any], flow_parameters: dict[str, Any],
                    **kwargs: Any) -> str | None:
        content = file_digest(inputs["path"], inputs["options"].max_page_bytes)
        if content is None:
            return None
        return hash_objects(content, CODE_VERSION, INPUTS.compute_key(task_ctx, inputs, flow_parameters, **kwargs))


PAGE_CACHE = PageContent()
