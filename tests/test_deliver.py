"""Email delivery against a real SMTP server on 127.0.0.1 (aiosmtpd): once per date, resend, retries."""
from __future__ import annotations

import datetime as dt
import email
import ipaddress
import json
import shutil
import socket
import ssl
import time
from email import policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from prefect.blocks.system import Secret
from prefect.testing.utilities import prefect_test_harness
from pydantic import SecretStr

from flows.cli import main
from summarize.deliver import DeliveryError, deliver_digest
from summarize.settings import Settings

from .conftest import seed

DAY = "2026-11-21"
PASSWORD = "pw-7f3a-never-on-disk"


@pytest.fixture(scope="module", autouse=True)
def prefect_harness():
    with prefect_test_harness():
        yield


class Mailbox:
    """An aiosmtpd handler that keeps every message, or answers each DATA with ``reply`` when set."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.attempts: list[float] = []
        self.reply: str | None = None

    async def handle_DATA(self, server, session, envelope):
        self.attempts.append(time.monotonic())
        if self.reply:
            return self.reply
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.messages.append(email.message_from_bytes(envelope.original_content, policy=policy.default))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _authenticate(server, session, envelope, mechanism, auth_data):
    ok = auth_data.login == b"digest" and auth_data.password == PASSWORD.encode()
    return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535 on failure


@pytest.fixture
def mailbox(monkeypatch):
    box = Mailbox()
    port = _free_port()
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
    record = json.loads((out / DAY / "sent.json").read_text(encoding="utf-8"))
    assert record["message_id"] == msg["Message-ID"].strip()  # a long Message-ID arrives folded
    assert record["to"] == ["desk@example.org", "editor@example.org"] and record["refused"] == {}

    assert _run(pages, out, "--send") == 0  # same date again: the record survives the rewrite, nothing sent
    assert len(mailbox.messages) == 1
    assert json.loads((out / DAY / "sent.json").read_text(encoding="utf-8")) == record

    assert _run(pages, out, "--resend") == 0
    assert len(mailbox.messages) == 2
    assert mailbox.messages[1]["Message-ID"] != msg["Message-ID"]
    assert json.loads((out / DAY / "sent.json").read_text(encoding="utf-8"))["message_id"] == \
        mailbox.messages[1]["Message-ID"].strip()

    written = b"".join(p.read_bytes() for p in out.rglob("*") if p.is_file())
    assert PASSWORD.encode() not in written
    captured = capfd.readouterr()
    assert PASSWORD not in captured.out + captured.err + caplog.text


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


def test_permanent_refusal_is_not_retried(mailbox, pages, tmp_path, capfd):
    mailbox.reply = "554 5.7.1 message refused"
    assert _run(pages, tmp_path / "out", "--send") == 1
    assert len(mailbox.attempts) == 1
    assert "554 5.7.1 message refused" in capfd.readouterr().err
    assert not (tmp_path / "out" / DAY / "sent.json").exists()


def test_unreachable_server_names_host_and_port(mailbox, pages, tmp_path, monkeypatch, capfd):
    port = _free_port()
    monkeypatch.setenv("DIGEST_SMTP_PORT", str(port))
    monkeypatch.setenv("DIGEST_SEND_RETRIES", "1")
    monkeypatch.setenv("DIGEST_SEND_BACKOFF", "0.01")
    assert _run(pages, tmp_path / "out", "--send") == 1
    assert f"SMTP 127.0.0.1:{port}" in capfd.readouterr().err
    assert (tmp_path / "out" / DAY / "digest.eml").is_file()


def test_markup_in_page_text_is_escaped_in_the_email(mailbox, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    # Markup after every full stop: every summary sentence but a paragraph's first carries it.
    text = seed("000").read_text(encoding="utf-8").replace("。", "。<script>alert(1)</script><img src=x onerror=alert(2)>")
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
    box, port = Mailbox(), _free_port()
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
    assert not (written_digest / "sent.json").exists()


def test_a_user_without_password_fails_before_connecting(written_digest):
    settings = Settings(smtp_host="127.0.0.1", smtp_port=_free_port(), smtp_security="none", smtp_user="digest")
    with pytest.raises(DeliveryError, match="has no password: set DIGEST_SMTP_PASSWORD") as failure:
        deliver_digest(written_digest, settings)
    assert not failure.value.transient


def test_password_from_a_prefect_secret_block(mailbox, pages, tmp_path, monkeypatch):
    Secret(value=PASSWORD).save("digest-smtp-password", overwrite=True)
    monkeypatch.delenv("DIGEST_SMTP_PASSWORD")
    monkeypatch.setenv("DIGEST_SMTP_PASSWORD_BLOCK", "digest-smtp-password")
    assert _run(pages, tmp_path / "out", "--send") == 0
    assert len(mailbox.messages) == 1  # the server accepted the login with the block's password
