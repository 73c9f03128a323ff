"""Email delivery against a real SMTP server on 127.0.0.1 (aiosmtpd): once per date, resend, retries."""
from __future__ import annotations

import asyncio
import base64
import datetime as dt
import email
import ipaddress
import json
import multiprocessing
import os
import shutil
import ssl
import subprocess
import sys
import time
import traceback
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from prefect.blocks.system import Secret
from pydantic import SecretStr

from flows.cli import main
from summarize.deliver import DeliveryError, deliver_digest, read_sent_record, sent_record_path
from summarize.publish import write_day
from summarize.settings import Settings

from .conftest import ROOT, free_port, seed, under_prefect

DAY = "2026-11-21"
PASSWORD = "pw-7f3a-never-on-disk"
#: A password with characters outside ASCII; its ASCII tail is what a leak would show in any form.
UTF8_PASSWORD = "密码-Zürich-9c1e-never-logged"


class Mailbox:
    """An aiosmtpd handler that keeps every message, or answers each DATA with ``reply`` when set.

    ``delay``: seconds to wait, having kept the message, before answering; ``hang_up``: keep the message,
    then drop the connection without answering (a server that stored it and lost the line)."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.attempts: list[float] = []
        self.reply: str | None = None
        self.delay = 0.0
        self.hang_up = False

    async def handle_DATA(self, server, session, envelope):
        self.attempts.append(time.monotonic())
        if self.reply:
            return self.reply
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.messages.append(email.message_from_bytes(envelope.original_content, policy=policy.default))
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.hang_up:
            server.transport.abort()
        return "250 OK"


def _authenticate(server, session, envelope, mechanism, auth_data):
    ok = auth_data.login == b"digest" and auth_data.password in (PASSWORD.encode(), UTF8_PASSWORD.encode())
    return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535 on failure


@pytest.fixture
def mailbox(monkeypatch):
    box = Mailbox()
    port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port, authenticator=_authenticate,
                            auth_require_tls=False)
    controller.start()
    for name, value in {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(port), "SMTP_SECURITY": "none",
                        "SMTP_USER": "digest", "SMTP_PASSWORD": PASSWORD, "EMAIL_FROM": "digest@example.org",
                        "EMAIL_TO": "desk@example.org, editor@example.org",
                        "SEND_RETRIES": "2", "SEND_BACKOFF": "0.3"}.items():
        monkeypatch.setenv(f"DIGEST_{name}", value)
    yield box
    controller.stop()


@pytest.fixture
def pages(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(seed("000"), folder)
    return folder


def _run(pages, out, *flags) -> int:
    return main(["run", "--date", DAY, "--input", str(pages), "--output", str(out), *flags])


@under_prefect
def test_send_delivers_text_and_html_once_per_date(mailbox, pages, tmp_path, capfd, caplog):
    out = tmp_path / "out"
    assert _run(pages, out, "--send") == 0
    (msg,) = mailbox.messages
    assert mailbox.envelopes == [("digest@example.org", ["desk@example.org", "editor@example.org"])]
    assert DAY in msg["Subject"] and "每日新闻摘要" in msg["Subject"]
    assert msg.get_content_type() == "multipart/alternative"
    text = msg.get_body(("plain",)).get_content().replace("\r\n", "\n")  # SMTP carries CRLF line ends
    html = msg.get_body(("html",)).get_content()
    assert text == (out / DAY / "digest.txt").read_text(encoding="utf-8")
    assert "科技创新打造全域发展『生态圈』" in text and "科技创新打造全域发展『生态圈』" in html
    record = json.loads((out / ".sent" / f"{DAY}.json").read_text(encoding="utf-8"))
    assert record["message_id"] == msg["Message-ID"].strip()  # a long Message-ID arrives folded
    assert record["to"] == ["desk@example.org", "editor@example.org"] and record["refused"] == {}

    assert _run(pages, out, "--send") == 0  # same date again: the record survives the rewrite, nothing sent
    assert len(mailbox.messages) == 1
    assert json.loads((out / ".sent" / f"{DAY}.json").read_text(encoding="utf-8")) == record

    assert _run(pages, out, "--resend") == 0
    assert len(mailbox.messages) == 2
    assert mailbox.messages[1]["Message-ID"] != msg["Message-ID"]
    assert json.loads((out / ".sent" / f"{DAY}.json").read_text(encoding="utf-8"))["message_id"] == \
        mailbox.messages[1]["Message-ID"].strip()

    written = b"".join(p.read_bytes() for p in out.rglob("*") if p.is_file())
    assert PASSWORD.encode() not in written
    captured = capfd.readouterr()
    assert PASSWORD not in captured.out + captured.err + caplog.text


@under_prefect
def test_temporary_failure_is_retried_with_backoff_then_fails_loudly(mailbox, pages, tmp_path, capfd):
    mailbox.reply = "451 4.3.0 mailbox busy, try again later"
    out = tmp_path / "out"
    assert _run(pages, out, "--send") == 1
    assert len(mailbox.attempts) == 3  # the first try and two retries
    first_gap, second_gap = (b - a for a, b in zip(mailbox.attempts, mailbox.attempts[1:]))
    assert first_gap >= 0.3 and second_gap >= 0.6  # exponential backoff: 0.3 s, then 0.6 s
    assert "451" in capfd.readouterr().err
    assert sorted(p.name for p in (out / DAY).iterdir()) == ["digest.eml", "digest.html", "digest.json", "digest.txt",
                                                             "pages"]

    mailbox.reply = None  # the next run sends: nothing was recorded as sent
    assert _run(pages, out, "--send") == 0 and len(mailbox.messages) == 1


@under_prefect
def test_permanent_refusal_is_not_retried(mailbox, pages, tmp_path, capfd):
    mailbox.reply = "554 5.7.1 message refused"
    assert _run(pages, tmp_path / "out", "--send") == 1
    assert len(mailbox.attempts) == 1
    assert "554 5.7.1 message refused" in capfd.readouterr().err
    assert not (tmp_path / "out" / ".sent" / f"{DAY}.json").exists()


@under_prefect
def test_unreachable_server_names_host_and_port(mailbox, pages, tmp_path, monkeypatch, capfd):
    port = free_port()
    monkeypatch.setenv("DIGEST_SMTP_PORT", str(port))
    monkeypatch.setenv("DIGEST_SEND_RETRIES", "1")
    monkeypatch.setenv("DIGEST_SEND_BACKOFF", "0.01")
    assert _run(pages, tmp_path / "out", "--send") == 1
    assert f"SMTP 127.0.0.1:{port}" in capfd.readouterr().err
    assert (tmp_path / "out" / DAY / "digest.eml").is_file()


@under_prefect
def test_markup_in_page_text_is_escaped_in_the_email(mailbox, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    # Markup after every comma: every summary sentence with a comma carries it.
    text = seed("000").read_text(encoding="utf-8").replace("，", "，<script>alert(1)</script><img src=x onerror=alert(2)>")
    (folder / seed("000").name).write_text(text, encoding="utf-8")
    assert _run(folder, tmp_path / "out", "--send") == 0
    (msg,) = mailbox.messages
    html = msg.get_body(("html",)).get_content()
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in html
    assert "<script>alert(1)</script>" in msg.get_body(("plain",)).get_content()  # plain text shows it as written


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1: ``(cert.pem, key.pem)``."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    folder = tmp_path_factory.mktemp("tls")
    (folder / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (folder / "key.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                       serialization.NoEncryption()))
    return folder / "cert.pem", folder / "key.pem"


@pytest.fixture
def written_digest(tmp_path):
    """A digest folder holding only ``digest.eml`` (multipart/alternative, Chinese text)."""
    msg = EmailMessage()
    msg["Subject"], msg["From"], msg["To"] = f"每日新闻摘要 {DAY}", "digest@example.org", "desk@example.org"
    msg["Message-ID"] = "<first@example.org>"
    msg.set_content("娄底“督办专员”因事施督共破难题\n")
    msg.add_alternative("<p>娄底“督办专员”因事施督共破难题</p>\n", subtype="html")
    folder = tmp_path / DAY
    folder.mkdir()
    (folder / "digest.eml").write_bytes(msg.as_bytes())
    return folder


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_tls_connections_verify_the_certificate(security, certificate, written_digest, monkeypatch):
    cert, key = certificate
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    box, port = Mailbox(), free_port()
    # aiosmtpd counts only STARTTLS as TLS for AUTH; on an implicit-TLS port the whole session is encrypted.
    tls = ({"tls_context": context, "require_starttls": True} if security == "starttls"
           else {"ssl_context": context, "auth_require_tls": False})
    controller = Controller(box, hostname="127.0.0.1", port=port, authenticator=_authenticate, **tls)
    controller.start()
    try:
        settings = Settings(smtp_host="127.0.0.1", smtp_port=port, smtp_security=security, smtp_user="digest",
                            email_to="desk@example.org")
        with pytest.raises(DeliveryError, match="TLS failed") as failure:  # self-signed: not trusted by default
            deliver_digest(written_digest, settings, password=SecretStr(PASSWORD))
        assert not failure.value.transient and box.messages == []

        monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # now trusted, as a real server's CA would be
        record = deliver_digest(written_digest, settings, password=SecretStr(PASSWORD))
    finally:
        controller.stop()
    (msg,) = box.messages
    assert msg.get_body(("plain",)).get_content().strip() == "娄底“督办专员”因事施督共破难题"
    assert record["smtp_host"] == f"127.0.0.1:{port}" and PASSWORD not in json.dumps(record)


def test_wrong_password_is_a_permanent_failure(mailbox, written_digest):
    settings = Settings()  # the mailbox fixture's environment: plain SMTP on loopback, user "digest"
    with pytest.raises(DeliveryError, match="login refused") as failure:
        deliver_digest(written_digest, settings, password=SecretStr("wrong"))
    assert not failure.value.transient and PASSWORD not in str(failure.value)
    assert not sent_record_path(written_digest).exists()


def test_a_user_without_password_fails_before_connecting(written_digest):
    settings = Settings(smtp_host="127.0.0.1", smtp_port=free_port(), smtp_security="none", smtp_user="digest")
    with pytest.raises(DeliveryError, match="has no password: set DIGEST_SMTP_PASSWORD") as failure:
        deliver_digest(written_digest, settings)
    assert not failure.value.transient


@under_prefect
def test_password_from_a_prefect_secret_block(mailbox, pages, tmp_path, monkeypatch):
    Secret(value=PASSWORD).save("digest-smtp-password", overwrite=True)
    monkeypatch.delenv("DIGEST_SMTP_PASSWORD")
    monkeypatch.setenv("DIGEST_SMTP_PASSWORD_BLOCK", "digest-smtp-password")
    assert _run(pages, tmp_path / "out", "--send") == 0
    assert len(mailbox.messages) == 1  # the server accepted the login with the block's password


def _deliver_in_another_process(start, folder: str, results) -> None:
    """Run in a process of its own (spawned): deliver the digest in ``folder`` once all are ready."""
    settings = Settings()  # the mailbox fixture's environment, inherited
    start.wait(timeout=120)
    record = deliver_digest(Path(folder), settings, password=SecretStr(PASSWORD))
    results.put(None if record is None else record["message_id"])


@pytest.mark.system  # two Python processes of their own
def test_two_processes_sending_one_date_at_once_deliver_one_message(mailbox, written_digest):
    mailbox.delay = 1.0  # both senders are in flight together unless one waits for the other's record
    spawn = multiprocessing.get_context("spawn")
    start, results = spawn.Barrier(2), spawn.Queue()
    senders = [spawn.Process(target=_deliver_in_another_process, args=(start, str(written_digest), results))
               for _ in range(2)]
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join(180)
    assert [sender.exitcode for sender in senders] == [0, 0]
    outcomes = sorted([results.get(timeout=10), results.get(timeout=10)], key=lambda m: m is not None)
    assert len(mailbox.messages) == 1
    assert outcomes[0] is None and outcomes[1] == mailbox.messages[0]["Message-ID"].strip()
    assert read_sent_record(written_digest)["message_id"] == outcomes[1]


def test_a_rewrite_of_the_day_keeps_the_sent_record(mailbox, written_digest):
    # A run that rendered the day before another run's send finished swaps its folder in afterwards.
    settings = Settings()
    record = deliver_digest(written_digest, settings, password=SecretStr(PASSWORD))
    eml = (written_digest / "digest.eml").read_bytes()
    write_day({"digest.eml": eml, "digest.txt": b"rewritten"}, written_digest.parent, dt.date.fromisoformat(DAY))
    assert (written_digest / "digest.txt").read_bytes() == b"rewritten"
    assert read_sent_record(written_digest) == record
    assert deliver_digest(written_digest, settings, password=SecretStr(PASSWORD)) is None
    assert len(mailbox.messages) == 1


@under_prefect
def test_a_record_in_the_day_folder_from_an_earlier_version_is_still_honoured(mailbox, pages, tmp_path):
    out = tmp_path / "out"
    assert _run(pages, out) == 0
    (out / DAY / "sent.json").write_text('{"sent_at": "2026-11-21T07:00:00+08:00"}\n', encoding="utf-8")
    assert _run(pages, out, "--send") == 0  # the rewrite moves the record out of the day folder first
    assert mailbox.messages == [] and not (out / DAY / "sent.json").exists()
    assert json.loads((out / ".sent" / f"{DAY}.json").read_text(encoding="utf-8"))["sent_at"].startswith("2026-11-21")


def test_a_late_answer_to_the_message_is_waited_for(mailbox, written_digest, monkeypatch):
    # The server keeps the message and answers after longer than a command may take (RFC 5321 §4.5.3.2.6
    # allows 10 minutes for this reply): one send, confirmed, no second copy.
    mailbox.delay = 5.0
    monkeypatch.setenv("DIGEST_SMTP_TIMEOUT", "2")
    record = deliver_digest(written_digest, Settings(), password=SecretStr(PASSWORD))
    assert record["status"] == "sent" and len(mailbox.messages) == 1


@under_prefect
def test_a_lost_answer_to_the_message_is_unconfirmed_and_not_resent(mailbox, pages, tmp_path, capfd):
    mailbox.hang_up = True  # keeps the message, then drops the line before answering
    out = tmp_path / "out"
    assert _run(pages, out, "--send") == 1  # fails loudly, and is not retried (SEND_RETRIES is 2)
    assert len(mailbox.messages) == 1
    err = capfd.readouterr().err
    assert "delivery unconfirmed" in err and "--resend" in err
    record = json.loads((out / ".sent" / f"{DAY}.json").read_text(encoding="utf-8"))
    assert record["status"] == "unconfirmed" and record["message_id"] == mailbox.messages[0]["Message-ID"].strip()

    mailbox.hang_up = False
    assert _run(pages, out, "--send") == 0  # the next --send does not send it again...
    assert len(mailbox.messages) == 1
    assert _run(pages, out, "--resend") == 0  # ...only --resend does
    assert len(mailbox.messages) == 2
    assert json.loads((out / ".sent" / f"{DAY}.json").read_text(encoding="utf-8"))["status"] == "sent"


def test_a_failure_before_the_message_is_still_retried(mailbox, written_digest, monkeypatch):
    monkeypatch.setenv("DIGEST_SMTP_PORT", str(free_port()))  # nobody listens: nothing was sent
    with pytest.raises(DeliveryError) as failure:
        deliver_digest(written_digest, Settings(), password=SecretStr(PASSWORD))
    assert failure.value.transient and not failure.value.unconfirmed
    assert not sent_record_path(written_digest).exists()


@under_prefect
def test_email_goes_out_when_the_archive_cannot_be_updated(mailbox, pages, tmp_path, capfd):
    out = tmp_path / "out"
    (out / "index.html").mkdir(parents=True)  # the archive's index cannot be replaced
    (out / "index.html" / "keep").write_text("x", encoding="utf-8")
    assert _run(pages, out, "--send") == 1  # the run fails, loudly...
    assert len(mailbox.messages) == 1  # ...after the email went out
    assert "index.html" in capfd.readouterr().err
    assert json.loads((out / ".sent" / f"{DAY}.json").read_text(encoding="utf-8"))["status"] == "sent"


def _leaks(text: str | bytes) -> list[str]:
    """The forms of ``UTF8_PASSWORD`` found in ``text``: itself, its ASCII tail (in any repr or escape),
    the base64 of the AUTH PLAIN string that carries it."""
    data = text.encode("utf-8", "surrogateescape") if isinstance(text, str) else text
    token = base64.b64encode(f"\0digest\0{UTF8_PASSWORD}".encode()).decode()
    forms = {"password": UTF8_PASSWORD.encode(), "tail": b"9c1e-never-logged", "auth": token[8:].encode()}
    return [name for name, form in forms.items() if form in data]


def test_a_non_ascii_password_logs_in_and_never_shows(mailbox, written_digest):
    record = deliver_digest(written_digest, Settings(), password=SecretStr(UTF8_PASSWORD))
    assert record["status"] == "sent" and len(mailbox.messages) == 1  # AUTH PLAIN in UTF-8 (RFC 4616)
    with pytest.raises(DeliveryError, match="login refused") as failure:
        deliver_digest(written_digest, Settings(), resend=True, password=SecretStr("wrong-" + UTF8_PASSWORD))
    shown = "".join(traceback.format_exception(failure.value)) + repr(failure.value) + repr(failure.value.__context__)
    assert _leaks(shown) == []


def test_a_non_ascii_password_is_refused_clearly_without_auth_plain(written_digest, monkeypatch):
    box, port = Mailbox(), free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port, authenticator=_authenticate,
                            auth_require_tls=False, auth_exclude_mechanism=["PLAIN"])
    controller.start()
    try:
        settings = Settings(smtp_host="127.0.0.1", smtp_port=port, smtp_security="none", smtp_user="digest",
                            email_to="desk@example.org")
        with pytest.raises(DeliveryError, match="needs AUTH PLAIN") as failure:
            deliver_digest(written_digest, settings, password=SecretStr(UTF8_PASSWORD))
    finally:
        controller.stop()
    assert not failure.value.transient and box.messages == []
    assert _leaks("".join(traceback.format_exception(failure.value))) == []


@pytest.mark.system
def test_a_non_ascii_password_is_in_no_output_log_or_database(mailbox, pages, tmp_path, monkeypatch):
    """`digest run --send` in a process of its own, with its own PREFECT_HOME (Prefect's database and
    logs): the password reaches the server and nowhere else, even when the login is refused."""
    home = tmp_path / "prefect-home"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(home), PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="120",
               DIGEST_SMTP_PASSWORD=UTF8_PASSWORD, DIGEST_SEND_RETRIES="0")
    command = [str(Path(sys.executable).parent / "digest"), "run", "--date", DAY, "--input", str(pages)]
    sent = subprocess.run([*command, "--output", str(tmp_path / "out"), "--send"], env=env, cwd=ROOT,
                          capture_output=True, timeout=300)
    assert sent.returncode == 0, sent.stderr.decode(errors="replace")
    assert len(mailbox.messages) == 1
    env["DIGEST_SMTP_PASSWORD"] = "x" + UTF8_PASSWORD  # refused: the failure is reported and logged
    refused = subprocess.run([*command, "--output", str(tmp_path / "out2"), "--send"], env=env, cwd=ROOT,
                             capture_output=True, timeout=300)
    assert refused.returncode == 1 and b"login refused" in refused.stderr
    for output in (sent.stdout, sent.stderr, refused.stdout, refused.stderr):
        assert _leaks(output) == []
    stored = [p for p in home.rglob("*") if p.is_file()]
    assert any(p.name.startswith("prefect.db") for p in stored)  # the database the runs logged to
    assert {str(p): _leaks(p.read_bytes()) for p in stored if _leaks(p.read_bytes())} == {}
