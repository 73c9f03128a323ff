"""Every option in one place: defaults here, overridden by ``DIGEST_*`` environment variables or flags."""
from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_DIR = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Digest settings. Each field reads ``DIGEST_<NAME>`` from the environment (or a ``.env`` file)."""

    model_config = SettingsConfigDict(env_prefix="DIGEST_", env_file=".env", extra="ignore")

    input_dir: Path = Field(Path("seeds"), description="folder of page files (*.txt) for the day")
    output_dir: Path = Field(Path("out"), description="digests are written to <output_dir>/<YYYY-MM-DD>/")
    timezone: str = Field("Asia/Shanghai", description="time zone that decides 'today' and timestamps")
    templates_dir: Path = Field(PROJECT_DIR / "templates", description="jinja2 templates")
    max_page_bytes: int = Field(5 * 1024 * 1024, description="larger page files are rejected (bytes)")
    summary_sentences: int = Field(3, description="most sentences in a story summary")
    story_keywords: int = Field(8, description="most keywords per story")
    day_keywords: int = Field(20, description="most keywords for the whole day")
    email_from: str = Field("digest@localhost", description="From: of the digest email")
    email_to: str = Field("newsroom@localhost", description="To: of the digest email, comma-separated")
    email_subject: str = Field("每日新闻摘要 Daily digest {date}", description="Subject; {date} is filled in")
    text_columns: int = Field(72, ge=24, description="plain-text line width in display columns (CJK = 2)")

    @property
    def recipients(self) -> list[str]:
        """``email_to`` split on commas, blanks dropped."""
        return [a.strip() for a in self.email_to.split(",") if a.strip()]
