"""Send a written digest by SMTP once per date, and keep the record that says it was sent."""
from __future__ import annotations

import datetime as dt
import email
import json
import smtplib
import ssl
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import make_msgid
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import SecretStr

from summarize.archive import replace_file
from summarize.settings import Settings

#: The "sent once" record, kept in the digest's own folder beside ``digest.eml``.
SENT_RECORD = "sent.json"
EMAIL_FILE = "digest.eml"


class DeliveryError(Exception):
    """Sending a digest failed; ``transient`` tells whether trying again later may succeed."""

    def __init__(self, message: str, *, transient: bool):
        super().__init__(message)
        self.transient = transient


def read_sent_record(folder: str | Path) -> dict | None:
    """The record of an earlier send of the digest in ``folder`` (``sent.json`` as a dict), or None.

    Raises ``ValueError`` naming the file when the record exists but is not JSON.
    """
    path = Path(folder) / SENT_RECORD
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: sent record is not valid JSON ({exc})") from exc


def carried_sent_record(output_dir: str | Path, date: dt.date) -> dict[str, bytes]:
    """The sent record of ``<output_dir>/<date>/`` as ``{"sent.json": bytes}`` (empty when never sent).

    Re-writing a digest replaces its whole folder; adding this to the new files keeps the record, so a
    re-run for a date that was already sent does not send it again.
    """
    path = Path(output_dir) / date.isoformat() / SENT_RECORD
    return {SENT_RECORD: path.read_bytes()} if path.is_file() else {}


def load_message(folder: str | Path) -> EmailMessage:
    """The digest email ``<folder>/digest.eml`` as an ``EmailMessage``.

    Raises ``FileNotFoundError`` naming the file when the digest has no email.
    """
    path = Path(folder) / EMAIL_FILE
    with open(path, "rb") as fh:
        return email.message_from_binary_file(fh, _class=EmailMessage, policy=SMTP)


def _classify(exc: Exception, host: str, port: int) -> DeliveryError:
    where = f"SMTP {host}:{port}"
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return DeliveryError(f"{where}: login refused ({exc.smtp_code})", transient=False)
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return DeliveryError(f"{where}: every recipient refused: {sorted(exc.recipients)}", transient=False)
    if isinstance(exc, smtplib.SMTPResponseException):
        reply = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else exc.smtp_error
        # RFC 5321 §4.2.1: 4yz replies are transient failures, 5yz permanent.
        return DeliveryError(f"{where}: {exc.smtp_code} {reply}", transient=400 <= exc.smtp_code < 500)
    if isinstance(exc, ssl.SSLError):
        return DeliveryError(f"{where}: TLS failed ({exc})", transient=False)
    return DeliveryError(f"{where}: {type(exc).__name__}: {exc}", transient=True)


def send_message(msg: EmailMessage, settings: Settings, *, password: SecretStr | None = None) -> dict[str, str]:
    """Send ``msg`` to ``settings.recipients`` over SMTP (``smtplib``), one transaction for all recipients.

    The connection follows ``settings.smtp_security``: plain, STARTTLS upgrade or implicit TLS (both verify
    the server certificate with the system's trust store). Logs in as ``settings.smtp_user`` with
    ``password`` when a user is set. Returns the recipients the server refused, ``{address: reply}``
    (empty when all accepted). Raises ``DeliveryError`` (``transient`` for connection problems and 4xx
    replies) when nothing was sent, or before connecting when there are no recipients or a user has no
    password; the password never appears in its message.
    """
    host, port = settings.smtp_host, settings.smtp_port_or_default
    if not settings.recipients:
        raise DeliveryError("no recipients: DIGEST_EMAIL_TO is empty", transient=False)
    if settings.smtp_user and password is None:
        raise DeliveryError(f"SMTP user {settings.smtp_user!r} has no password: set DIGEST_SMTP_PASSWORD "
                            "or DIGEST_SMTP_PASSWORD_BLOCK", transient=False)
    context = ssl.create_default_context()
    try:
        if settings.smtp_security == "ssl":
            client = smtplib.SMTP_SSL(host, port, timeout=settings.smtp_timeout, context=context)
        else:
            client = smtplib.SMTP(host, port, timeout=settings.smtp_timeout)
        with client:
            if settings.smtp_security == "starttls":
                client.starttls(context=context)
            if settings.smtp_user:
                client.login(settings.smtp_user, password.get_secret_value())
            refused = client.send_message(msg, from_addr=settings.email_from, to_addrs=settings.recipients)
    except (smtplib.SMTPException, OSError) as exc:
        raise _classify(exc, host, port) from None
    return {address: f"{code} {reply.decode('utf-8', 'replace')}" for address, (code, reply) in refused.items()}


def deliver_digest(folder: str | Path, settings: Settings, *, resend: bool = False,
                   password: SecretStr | None = None) -> dict | None:
    """Email the digest written in ``folder`` (its ``digest.eml``) unless it was already sent.

    Skips, returning None, when ``folder/sent.json`` exists and ``resend`` is False. Otherwise sends the
    message with a fresh Message-ID (so a resend is not taken for a duplicate) and records the send in
    ``sent.json``: ``{"sent_at", "message_id", "smtp_host", "from", "to", "refused"}`` — never the
    password. Returns that record. Raises ``DeliveryError`` when sending fails (no record is written)
    and ``FileNotFoundError`` when the folder holds no ``digest.eml``.
    """
    folder = Path(folder)
    if read_sent_record(folder) is not None and not resend:
        return None
    msg = load_message(folder)
    del msg["Message-ID"]
    msg["Message-ID"] = make_msgid(idstring=f"digest-{folder.name}")
    refused = send_message(msg, settings, password=password)
    record = {
        "sent_at": dt.datetime.now(ZoneInfo(settings.timezone)).isoformat(timespec="seconds"),
        "message_id": msg["Message-ID"],
        "smtp_host": f"{settings.smtp_host}:{settings.smtp_port_or_default}",
        "from": settings.email_from,
        "to": settings.recipients,
        "refused": refused,
    }
    replace_file(folder / SENT_RECORD, (json.dumps(record, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return record
