"""Send a written digest by SMTP once per date, and keep the record that says it was sent."""
from __future__ import annotations

import base64
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

from summarize.files import day_lock, replace_file
from summarize.settings import Settings

#: The "sent once" records, one per day, outside the day folders that each re-run replaces:
#: ``<output_dir>/.sent/<YYYY-MM-DD>.json``.
SENT_DIR = ".sent"
#: Where earlier versions kept the record (``<output_dir>/<date>/sent.json``); still read.
LEGACY_SENT_RECORD = "sent.json"
EMAIL_FILE = "digest.eml"


class DeliveryError(Exception):
    """Sending a digest failed; ``transient`` tells whether trying again later may succeed, ``unconfirmed``
    that the server may have the message (its reply to the end of the message never came)."""

    def __init__(self, message: str, *, transient: bool, unconfirmed: bool = False):
        super().__init__(message)
        self.transient = transient
        self.unconfirmed = unconfirmed


def sent_record_path(folder: str | Path) -> Path:
    """Where the sent record of the digest folder ``<output_dir>/<date>/`` is kept:
    ``<output_dir>/.sent/<date>.json``."""
    folder = Path(folder)
    return folder.parent / SENT_DIR / f"{folder.name}.json"


def read_sent_record(folder: str | Path) -> dict | None:
    """The record of an earlier send of the digest in ``folder`` (``<output_dir>/<date>/``) as a dict —
    from ``<output_dir>/.sent/<date>.json``, else from ``folder/sent.json`` where earlier versions kept
    it — or None when there is none. Its ``status`` is ``"sent"`` (or missing, in old records) or
    ``"unconfirmed"``. Raises ``ValueError`` naming the file when the record exists but is not JSON.
    """
    for path in (sent_record_path(folder), Path(folder) / LEGACY_SENT_RECORD):
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            continue
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}: sent record is not valid JSON ({exc})") from exc
    return None


def _write_sent_record(folder: Path, record: dict) -> None:
    path = sent_record_path(folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    replace_file(path, (json.dumps(record, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))


def keep_sent_record(output_dir: str | Path, date: dt.date) -> Path | None:
    """Move a record kept the old way (``<output_dir>/<date>/sent.json``) to ``<output_dir>/.sent/`` before
    the day folder is rewritten, so a re-run does not send a sent day again. Holds ``day_lock``. Returns the
    record's path, or None when the day has no record."""
    folder = Path(output_dir) / date.isoformat()
    with day_lock(output_dir, date):
        path, legacy = sent_record_path(folder), folder / LEGACY_SENT_RECORD
        if not path.exists() and legacy.is_file():
            path.parent.mkdir(parents=True, exist_ok=True)
            replace_file(path, legacy.read_bytes())
        return path if path.exists() else None


def load_message(folder: str | Path) -> EmailMessage:
    """The digest email ``<folder>/digest.eml`` as an ``EmailMessage``.

    Raises ``FileNotFoundError`` naming the file when the digest has no email.
    """
    path = Path(folder) / EMAIL_FILE
    with open(path, "rb") as fh:
        return email.message_from_binary_file(fh, _class=EmailMessage, policy=SMTP)


class _Confirming:
    """An SMTP client that knows whether the whole message went out (``message_sent``), and then waits
    ``data_timeout`` seconds, not the command timeout, for the server's reply to it."""

    data_timeout: float | None = None
    message_sent = False

    def send(self, s):
        super().send(s)
        # smtplib.SMTP.data sends the message, dot-terminated, as the only bytes; commands are str.
        if isinstance(s, bytes) and s.endswith(b"\r\n.\r\n"):
            self.message_sent = True
            if self.sock is not None and self.data_timeout is not None:
                self.sock.settimeout(self.data_timeout)

    def data(self, msg):
        try:
            return super().data(msg)
        finally:
            if self.sock is not None:
                self.sock.settimeout(self.timeout)


class _SMTP(_Confirming, smtplib.SMTP):
    pass


class _SMTP_SSL(_Confirming, smtplib.SMTP_SSL):
    pass


def _login(client: smtplib.SMTP, user: str, password: str) -> None:
    if (user + password).isascii():
        client.login(user, password)
        return
    # smtplib encodes credentials as ASCII; AUTH PLAIN carries UTF-8 (RFC 4616), so send it directly.
    client.ehlo_or_helo_if_needed()
    if "PLAIN" not in client.esmtp_features.get("auth", "").upper().split():
        raise smtplib.SMTPNotSupportedError(
            "a user name or password outside ASCII needs AUTH PLAIN (RFC 4616), which the server does not offer")
    token = base64.b64encode(f"\0{user}\0{password}".encode("utf-8")).decode("ascii")
    code, reply = client.docmd("AUTH", "PLAIN " + token)
    if code not in (235, 503):
        raise smtplib.SMTPAuthenticationError(code, reply)


def _classify(exc: Exception, host: str, port: int, *, message_sent: bool) -> DeliveryError:
    where = f"SMTP {host}:{port}"
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return DeliveryError(f"{where}: login refused ({exc.smtp_code})", transient=False)
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return DeliveryError(f"{where}: every recipient refused: {sorted(exc.recipients)}", transient=False)
    if isinstance(exc, smtplib.SMTPResponseException):
        reply = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else exc.smtp_error
        # RFC 5321 §4.2.1: 4yz replies are transient failures, 5yz permanent.
        return DeliveryError(f"{where}: {exc.smtp_code} {reply}", transient=400 <= exc.smtp_code < 500)
    if message_sent and isinstance(exc, (smtplib.SMTPServerDisconnected, OSError)):
        return DeliveryError(
            f"{where}: delivery unconfirmed: the whole message was sent but the server's reply never came "
            f"({type(exc).__name__}: {exc}); it may have been delivered, so it is not sent again — check the "
            "mailbox, and send it with --resend if it did not arrive", transient=False, unconfirmed=True)
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return DeliveryError(f"{where}: {exc}", transient=False)
    if isinstance(exc, ssl.SSLError):
        return DeliveryError(f"{where}: TLS failed ({exc})", transient=False)
    if isinstance(exc, (smtplib.SMTPException, OSError)):
        return DeliveryError(f"{where}: {type(exc).__name__}: {exc}", transient=True)
    # Anything else is a fault here, not on the line: say what it was, never its arguments (a
    # UnicodeEncodeError carries the whole string it failed on, e.g. an AUTH line with the password).
    return DeliveryError(f"{where}: {type(exc).__name__} while sending", transient=False)


def send_message(msg: EmailMessage, settings: Settings, *, password: SecretStr | None = None) -> dict[str, str]:
    """Send ``msg`` to ``settings.recipients`` over SMTP (``smtplib``), one transaction for all recipients.

    The connection follows ``settings.smtp_security``: plain, STARTTLS upgrade or implicit TLS (both verify
    the server certificate with the system's trust store). Logs in as ``settings.smtp_user`` with
    ``password`` when a user is set (UTF-8 credentials by AUTH PLAIN, RFC 4616). Commands time out after
    ``settings.smtp_timeout`` seconds; the reply to the end of the message is waited for
    ``settings.smtp_data_timeout`` seconds (RFC 5321 §4.5.3.2.6: 10 minutes). Returns the recipients the
    server refused, ``{address: reply}`` (empty when all accepted).

    Raises ``DeliveryError`` (``transient`` for connection problems and 4xx replies before the message was
    sent) when nothing was sent, or before connecting when there are no recipients or a user has no
    password; ``unconfirmed`` (not transient) when the whole message went out but no reply came, so the
    server may have it. The password never appears in its message, cause or context.
    """
    host, port = settings.smtp_host, settings.smtp_port_or_default
    if not settings.recipients:
        raise DeliveryError("no recipients: DIGEST_EMAIL_TO is empty", transient=False)
    if settings.smtp_user and password is None:
        raise DeliveryError(f"SMTP user {settings.smtp_user!r} has no password: set DIGEST_SMTP_PASSWORD "
                            "or DIGEST_SMTP_PASSWORD_BLOCK", transient=False)
    context = ssl.create_default_context()
    client = None
    failure = None
    try:
        if settings.smtp_security == "ssl":
            client = _SMTP_SSL(host, port, timeout=settings.smtp_timeout, context=context)
        else:
            client = _SMTP(host, port, timeout=settings.smtp_timeout)
        client.data_timeout = settings.smtp_data_timeout
        with client:
            if settings.smtp_security == "starttls":
                client.starttls(context=context)
            if settings.smtp_user:
                _login(client, settings.smtp_user, password.get_secret_value())
            refused = client.send_message(msg, from_addr=settings.email_from, to_addrs=settings.recipients)
    except Exception as exc:  # noqa: BLE001 - every failure becomes a DeliveryError without the password
        failure = _classify(exc, host, port, message_sent=bool(client and client.message_sent))
    if failure is not None:
        # Raised outside the except block: no __context__ holds the original exception and its arguments.
        secret = password.get_secret_value() if password is not None else ""
        if secret and secret in str(failure):
            failure = DeliveryError(str(failure).replace(secret, "[password]"), transient=failure.transient,
                                    unconfirmed=failure.unconfirmed)
        raise failure
    return {address: f"{code} {reply.decode('utf-8', 'replace')}" for address, (code, reply) in refused.items()}


def deliver_digest(folder: str | Path, settings: Settings, *, resend: bool = False,
                   password: SecretStr | None = None) -> dict | None:
    """Email the digest written in ``folder`` (``<output_dir>/<YYYY-MM-DD>/``, its ``digest.eml``) unless it
    was already sent.

    Holds the day's exclusive claim (``files.day_lock``) from the check to the record, so of several
    processes sending one date at once only the first sends. Skips, returning None, when the day has a
    sent record (``read_sent_record``: sent, or unconfirmed) and ``resend`` is False. Otherwise sends the
    message with a fresh Message-ID (so a resend is not taken for a duplicate) and records the send in
    ``<output_dir>/.sent/<date>.json``, outside the folder a re-run replaces: ``{"status": "sent",
    "sent_at", "message_id", "smtp_host", "from", "to", "refused"}`` — never the password. Returns that
    record. Raises ``DeliveryError`` when sending fails: no record is written, except when the delivery
    is unconfirmed (the message went out, no reply came), which is recorded with ``"status":
    "unconfirmed"`` and its ``error`` so that only ``resend`` sends again. Raises ``FileNotFoundError``
    when the folder holds no ``digest.eml`` and ``ValueError`` when its name is not a date.
    """
    folder = Path(folder)
    with day_lock(folder.parent, dt.date.fromisoformat(folder.name)):
        if read_sent_record(folder) is not None and not resend:
            return None
        msg = load_message(folder)
        del msg["Message-ID"]
        msg["Message-ID"] = make_msgid(idstring=f"digest-{folder.name}")
        record = {
            "status": "sent",
            "sent_at": dt.datetime.now(ZoneInfo(settings.timezone)).isoformat(timespec="seconds"),
            "message_id": msg["Message-ID"],
            "smtp_host": f"{settings.smtp_host}:{settings.smtp_port_or_default}",
            "from": settings.email_from,
            "to": settings.recipients,
        }
        try:
            record["refused"] = send_message(msg, settings, password=password)
        except DeliveryError as exc:
            if exc.unconfirmed:
                _write_sent_record(folder, record | {"status": "unconfirmed", "error": str(exc)})
            raise
        _write_sent_record(folder, record)
        return record
