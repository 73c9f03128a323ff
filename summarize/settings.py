"""Every option in one place: defaults here, overridden by ``DIGEST_*`` environment variables or flags.
``Settings.page_options()`` is what the library is handed for one page (``PageOptions``); no module below
repeats a default."""
from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_DIR = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Digest settings. Each field reads ``DIGEST_<NAME>`` from the environment (or a ``.env`` file)."""

    model_config = SettingsConfigDict(env_prefix="DIGEST_", env_file=".env", extra="ignore", env_parse_none_str="null")

    input_dir: Path = Field(Path("seeds"), description="folder of page files (*.txt) for the day")
    output_dir: Path = Field(Path("out"), description="digests are written to <output_dir>/<YYYY-MM-DD>/")
    timezone: str = Field("Asia/Shanghai", description="time zone that decides 'today' and timestamps")
    templates_dir: Path = Field(PROJECT_DIR / "templates", description="jinja2 templates")
    max_page_bytes: int = Field(5 * 1024 * 1024, description="larger page files are rejected (bytes)")
    max_page_chars: int = Field(
        50_000, ge=1, description="the work limit of one page: a page whose text (after decoding) has more characters "
                                  "is reported in the digest's sources and not segmented or summarised (a seed page has "
                                  "about 7,700; the time of a page grows with its characters, see README)")
    summary_sentences: int = Field(3, description="most sentences in a story summary")
    story_keywords: int = Field(8, description="most keywords per story")
    summary_chars: int = Field(150, ge=1, description="summary budget in characters (a single sentence may exceed it)")
    ranking_mode: Literal["reference", "fast"] = Field(
        "reference", description="reference: textrank4zh's graphs (its rankings exactly with --no-position-prior); fast: "
                                 "jieba HMM off, dense PageRank (--ranking-mode)")
    position_prior: bool = Field(
        True, description="favour early sentences by a fitted position prior where the page shows the story's start "
                          "(--position-prior / --no-position-prior: textrank4zh's rankings)")
    segmenter: Literal["rules", "fitted"] = Field(
        "rules", description="rules: the scored assignment set by hand on the seed pages; fitted: the models fitted on "
                             "synthetic pages (make fit), better on pages laid out unlike the seeds")
    day_keywords: int = Field(20, description="most keywords for the whole day")
    email_from: str = Field("digest@localhost", description="From: of the digest email")
    email_to: str = Field("newsroom@localhost", description="To: of the digest email, comma-separated")
    email_subject: str = Field("每日新闻摘要 Daily digest {date}：{top}",
                               description="Subject; {date} and {top} (the top story's headline) are filled in")
    top_stories: int = Field(5, ge=0, description="most prominent stories opening the page, the email and the text")
    email_max_stories: int | None = Field(
        100, ge=1, description="most stories in the email, first in reading order (the rest are in digest.html); "
                               "unset (DIGEST_EMAIL_MAX_STORIES=null) for no limit")
    text_columns: int = Field(72, ge=24, description="plain-text line width in display columns (CJK = 2)")
    send: bool = Field(False, description="email the digest after writing it (flag: --send)")
    smtp_host: str = Field("localhost", description="SMTP server host name")
    smtp_port: int | None = Field(None, description="SMTP port; default 25, 587 (starttls) or 465 (ssl)")
    smtp_security: Literal["none", "starttls", "ssl"] = Field(
        "starttls", description="none: plain SMTP; starttls: upgrade with STARTTLS; ssl: implicit TLS")
    smtp_user: str | None = Field(None, description="SMTP login user; no login when unset")
    smtp_password: SecretStr | None = Field(None, description="SMTP password; never logged or written to disk")
    smtp_password_block: str | None = Field(
        None, description="name of a Prefect Secret block holding the SMTP password (used when no password)")
    smtp_timeout: float = Field(30.0, description="SMTP connect and command timeout (seconds)")
    smtp_data_timeout: float = Field(
        600.0, gt=0, description="wait for the server's reply to the end of the message (seconds; RFC 5321 "
                                 "§4.5.3.2.6: 10 minutes); no reply in time is 'delivery unconfirmed', not resent")
    send_retries: int = Field(3, description="retries of a failed send before the run fails")
    send_backoff: float = Field(10.0, description="delay before the first retry (seconds), doubled each retry")
    schedule_cron: str = Field("0 7 * * *", description="cron schedule of `digest serve`, in `timezone`")
    flow_timeout: float | None = Field(
        7200.0, gt=0, description="a flow run still going after this many seconds is failed by Prefect (its "
                                  "timeout_seconds); unset (DIGEST_FLOW_TIMEOUT=null) for none")
    server_port: int = Field(4200, description="port of the local Prefect server on 127.0.0.1 (serve, trigger)")
    archive_url: str = Field("", description="public URL of the output folder; feed links are relative when empty")
    task_runner: Literal["thread", "dask"] = Field(
        "thread", description="where pages are segmented and summarised: thread pool in the flow's process, "
                              "or a Dask cluster through prefect-dask (--task-runner)")
    dask_address: str | None = Field(
        None, description="scheduler of an existing Dask cluster, e.g. tcp://10.0.0.5:8786; unset: a local "
                          "cluster of dask_workers processes (--dask-address)")
    dask_workers: int = Field(2, ge=1, description="worker processes (one thread each) of the local Dask cluster "
                                                   "(--dask-workers)")

    def page_options(self) -> PageOptions:
        """The options of one page's work (``PageOptions``), from these settings."""
        return PageOptions(**{f.name: getattr(self, f.name) for f in fields(PageOptions)})

    @property
    def recipients(self) -> list[str]:
        """``email_to`` split on commas, blanks dropped."""
        return [a.strip() for a in self.email_to.split(",") if a.strip()]

    @property
    def smtp_port_or_default(self) -> int:
        """``smtp_port``, else the standard port of ``smtp_security``: 25, 587 (STARTTLS), 465 (SSL)."""
        return self.smtp_port or {"none": 25, "starttls": 587, "ssl": 465}[self.smtp_security]


def _default(name: str):
    return Settings.model_fields[name].default


@dataclass(frozen=True)
class PageOptions:
    """The settings that shape one page's stories and summaries, passed down from ``Settings.page_options()``
    through ``pages.summarize_page`` to segmentation, ranking and the choice of summary (and hashed into the
    per-page cache key). Same names, meanings and defaults as the ``Settings`` fields: a default is written
    once, there."""

    max_page_bytes: int = _default("max_page_bytes")
    max_page_chars: int = _default("max_page_chars")
    segmenter: Literal["rules", "fitted"] = _default("segmenter")
    summary_sentences: int = _default("summary_sentences")
    summary_chars: int = _default("summary_chars")
    story_keywords: int = _default("story_keywords")
    ranking_mode: Literal["reference", "fast"] = _default("ranking_mode")
    position_prior: bool = _default("position_prior")


#: The settings' defaults, without environment or flags: what a library call that is given no value uses.
DEFAULTS = Settings.model_construct()
DEFAULT_OPTIONS = PageOptions()
