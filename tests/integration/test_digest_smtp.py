"""The weekly digest through a real SMTP exchange: a local aiosmtpd server the test starts.

Never a real mail server: the Controller listens on 127.0.0.1 at a free port for one test.
"""

from __future__ import annotations

import json
import logging
import shutil
import socket
import ssl
import subprocess
from collections.abc import Iterator
from datetime import UTC, date, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from importlib import resources
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from conftest import account
from fastapi.testclient import TestClient
from pages_support import page_login, post_form
from pydantic import SecretStr

from comeback import digests, services
from comeback.cli import main
from comeback.mailer import MailNotSent, SmtpMailer
from comeback.persistence import UnitOfWork, make_engine, session_factory, upgrade
from comeback.scenario import parse_scenario
from comeback.settings import Settings

NOW = datetime(2026, 3, 16, 9, tzinfo=UTC)
MONDAY = date(2026, 3, 16)
DEMO_TEXT = resources.files("comeback.data").joinpath("demo_10_weeks.json").read_text("utf-8")
SECRET = "smtp-secret-Zq81"


class Inbox:
    def __init__(self) -> None:
        self.received: list[tuple[list[str], EmailMessage]] = []
        self.logins: list[str] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        msg = message_from_bytes(envelope.content, policy=policy.default)
        self.received.append((list(envelope.rcpt_tos), msg))  # type: ignore[arg-type]
        return "250 OK"

    def authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any
    ) -> AuthResult:
        ok = isinstance(data, LoginPassword) and data.password == SECRET.encode()
        if ok:
            self.logins.append(data.login.decode())
        return AuthResult(success=ok, handled=False)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = _free_port()
    server = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        authenticator=inbox.authenticate,
        auth_require_tls=False,
    )
    server.start()
    try:
        yield inbox, port
    finally:
        server.stop()


def _uow(url: str) -> UnitOfWork:
    upgrade(url)
    return UnitOfWork(session_factory(make_engine(url)))


def _mother(uow: UnitOfWork, email: str, weekly: bool) -> str:
    who = services.register(uow, email, "a long enough secret", "mother", "Ann", NOW)
    services.import_history(uow, who.id, parse_scenario(DEMO_TEXT), NOW)
    digests.set_digest(uow, who.id, weekly)
    return who.id


def _text(msg: EmailMessage) -> str:
    return msg.get_body(("plain",)).get_content()  # type: ignore[union-attr]


def test_the_digest_arrives_for_her_alone(database_url: str, smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    uow = _uow(database_url)
    _mother(uow, "ann@example.org", weekly=True)
    _mother(uow, "bea@example.org", weekly=False)
    mailer = SmtpMailer(Settings(smtp_host="127.0.0.1", smtp_port=port, smtp_tls="none"))
    assert digests.send_due(uow, MONDAY, mailer) == 1
    assert digests.send_due(uow, MONDAY, mailer) == 0  # that week went out already
    assert len(inbox.received) == 1
    rcpt, msg = inbox.received[0]
    assert rcpt == ["ann@example.org"] and msg["To"] == "ann@example.org"
    assert msg["Subject"] == "Your Comeback week, 9 Mar to 15 Mar 2026"
    body = _text(msg)
    # the demo's week of 9-15 March: 3 sessions, check-ins each day, her targets
    scenario = parse_scenario(DEMO_TEXT)
    sessions = {
        s.date for s in scenario.sessions if date(2026, 3, 9) <= s.date <= MONDAY.replace(day=15)
    }
    checkins = [c for c in scenario.checkins if date(2026, 3, 9) <= c.date <= date(2026, 3, 15)]
    assert f"{len(sessions)} of 3 planned sessions" in body
    assert f"checked in on {len(checkins)} of 7 days" in body
    assert "(aim: 114 g)" in body and "(aim: 3100 ml)" in body
    assert "not medical advice" in body
    assert msg.get_body(("html",)) is not None


def test_login_works_and_the_password_stays_out_of_the_logs(
    tmp_path: Any, smtp: tuple[Inbox, int], caplog: pytest.LogCaptureFixture
) -> None:
    inbox, port = smtp
    uow = _uow(f"sqlite:///{tmp_path / 'd.db'}")
    ann = _mother(uow, "ann@example.org", weekly=True)
    settings = Settings(
        smtp_host="127.0.0.1",
        smtp_port=port,
        smtp_tls="none",
        smtp_username="comeback",
        smtp_password=SecretStr(SECRET),
    )
    mailer = SmtpMailer(settings)
    with caplog.at_level(logging.DEBUG):
        assert digests.send_digest(uow, ann, MONDAY, mailer) is True
    assert inbox.logins == ["comeback"]
    ours = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("comeback"))
    assert "weekly digest sent" in ours and ann in ours
    assert SECRET not in ours and SECRET not in repr(mailer) and SECRET not in repr(settings)
    assert "ann@example.org" not in ours  # the log names her id, not her email
    wrong = SmtpMailer(settings.model_copy(update={"smtp_password": SecretStr("nope")}))
    with pytest.raises(MailNotSent) as e:
        wrong.send(EmailMessage())
    assert "535" in str(e.value) and "nope" not in str(e.value)


def test_comeback_digest_send_uses_the_smtp_settings(
    tmp_path: Any,
    smtp: tuple[Inbox, int],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    inbox, port = smtp
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    _mother(_uow(url), "ann@example.org", weekly=True)
    for key, value in {
        "DATABASE_URL": url,
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(port),
        "SMTP_TLS": "none",
    }.items():
        monkeypatch.setenv(f"COMEBACK_{key}", value)
    with pytest.raises(SystemExit) as done:
        main(["digest", "--send", "--today", "2026-03-16"])
    out = capsys.readouterr().out
    assert done.value.code == 0 and "Sent 1 weekly digest(s)" in out
    assert [r for r, _ in inbox.received] == [["ann@example.org"]]
    with pytest.raises(SystemExit) as done:
        main(["digest", "--email", "ann@example.org", "--today", "2026-03-16"])
    assert done.value.code == 0 and "Your Comeback week" in capsys.readouterr().out
    assert len(inbox.received) == 1  # a preview sends nothing
    monkeypatch.delenv("COMEBACK_SMTP_HOST")
    with pytest.raises(SystemExit) as done:
        main(["digest", "--send"])
    assert done.value.code == 2 and "COMEBACK_SMTP_HOST" in capsys.readouterr().err


def test_the_api_turns_the_digest_on_and_off(client: TestClient) -> None:
    headers = account(client)
    assert client.get("/api/v1/me/digest", headers=headers).json() == {"weekly": False}
    r = client.put("/api/v1/me/digest", json={"weekly": True}, headers=headers)
    assert r.status_code == 200 and r.json() == {"weekly": True}
    assert client.get("/api/v1/me/digest", headers=headers).json() == {"weekly": True}
    assert (
        client.put("/api/v1/me/digest", json={"weekly": "yes"}, headers=headers).status_code == 422
    )
    assert client.get("/api/v1/me/digest").status_code == 401
    clinician = account(client, role="clinician")
    assert client.get("/api/v1/me/digest", headers=clinician).status_code == 403


def test_the_settings_page_turns_the_digest_on_and_off(client: TestClient) -> None:
    page_login(client)
    assert (
        'name="digest_weekly" aria-describedby="h-digest_weekly" >' in client.get("/settings").text
    )
    r = post_form(client, "/settings/digest", {"digest_weekly": "on"}, page="/settings")
    assert r.status_code == 303
    assert (
        'name="digest_weekly" aria-describedby="h-digest_weekly" checked'
        in client.get("/settings").text
    )
    post_form(client, "/settings/digest", {}, page="/settings")
    assert "checked>" not in client.get("/settings").text.split("digest_weekly")[1][:80]


def test_every_table_downloads_as_one_zip_that_reimports(client: TestClient, tmp_path: Any) -> None:
    from comeback import csv_io

    headers = account(client)
    client.post("/api/v1/me/import", json=json.loads(DEMO_TEXT), headers=headers)
    r = client.get("/api/v1/me/export.csv.zip?as_of=2026-03-16", headers=headers)
    assert r.status_code == 200 and r.headers["content-type"] == "application/zip"
    path = tmp_path / "all.zip"
    path.write_bytes(r.content)
    back = csv_io.scenario_from(csv_io.read(path))
    assert len(back.sessions) == len(json.loads(DEMO_TEXT)["sessions"])


@pytest.fixture
def certificate(tmp_path: Any) -> tuple[str, str]:
    """A self-signed certificate for 127.0.0.1 (openssl), trusted through COMEBACK_SMTP_CA_FILE."""
    if shutil.which("openssl") is None:
        pytest.skip("TLS legs did not run: no openssl command to make a test certificate")
    cert, key = str(tmp_path / "cert.pem"), str(tmp_path / "key.pem")
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            key,
            "-out",
            cert,
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


@pytest.mark.parametrize("mode", ["starttls", "ssl"])
def test_tls_modes_verify_the_server_and_then_log_in(
    mode: str, tmp_path: Any, certificate: tuple[str, str]
) -> None:
    cert, key = certificate
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert, key)
    inbox, port = Inbox(), _free_port()
    options: dict[str, Any] = (
        {"tls_context": server_tls, "require_starttls": True}
        if mode == "starttls"
        # aiosmtpd counts only STARTTLS as TLS for AUTH; here the whole connection is TLS
        else {"ssl_context": server_tls, "auth_require_tls": False}
    )
    server = Controller(
        inbox, hostname="127.0.0.1", port=port, authenticator=inbox.authenticate, **options
    )
    server.start()
    try:
        uow = _uow(f"sqlite:///{tmp_path / 't.db'}")
        ann = _mother(uow, "ann@example.org", weekly=True)
        settings = Settings(
            smtp_host="127.0.0.1",
            smtp_port=port,
            smtp_tls=mode,  # type: ignore[arg-type]
            smtp_username="comeback",
            smtp_password=SecretStr(SECRET),
            smtp_ca_file=cert,
        )
        assert digests.send_digest(uow, ann, MONDAY, SmtpMailer(settings)) is True
        assert inbox.logins == ["comeback"]  # the login went over TLS (the server requires it)
        assert [r for r, _ in inbox.received] == [["ann@example.org"]]
        untrusted = SmtpMailer(settings.model_copy(update={"smtp_ca_file": None}))
        with pytest.raises(MailNotSent):
            untrusted.send(weekly_message())
    finally:
        server.stop()


def weekly_message() -> EmailMessage:
    msg = EmailMessage()
    msg["To"], msg["From"], msg["Subject"] = "a@example.org", "b@example.org", "x"
    msg.set_content("x")
    return msg


def test_queued_digests_are_mailed_by_the_worker(
    database_url: str,
    smtp: tuple[Inbox, int],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Issue 6: `digest --send --queue` puts one job per opted-in mother on the queue; on
    PostgreSQL nothing is mailed until `comeback worker` runs it, on SQLite it runs at once."""
    inbox, port = smtp
    uow = _uow(database_url)
    _mother(uow, "ann@example.org", weekly=True)
    _mother(uow, "bea@example.org", weekly=False)
    for key, value in {
        "DATABASE_URL": database_url,
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(port),
        "SMTP_TLS": "none",
    }.items():
        monkeypatch.setenv(f"COMEBACK_{key}", value)
    with pytest.raises(SystemExit) as done:
        main(["digest", "--send", "--queue", "--today", "2026-03-16"])
    assert done.value.code == 0 and "Queued 1 weekly digest job(s)" in capsys.readouterr().out
    if database_url.startswith("postgresql"):
        assert inbox.received == []  # waiting for the worker
        with pytest.raises(SystemExit) as done:
            main(["worker", "--once"])
        assert done.value.code == 0
    assert [r for r, _ in inbox.received] == [["ann@example.org"]]
    assert inbox.received[0][1]["Subject"] == "Your Comeback week, 9 Mar to 15 Mar 2026"
