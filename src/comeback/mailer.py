"""Sending email over SMTP (stdlib smtplib): plain, STARTTLS or implicit TLS, optional login.

Configured from Settings (COMEBACK_SMTP_HOST, _PORT, _TLS none|starttls|ssl, _USERNAME,
_PASSWORD, _FROM, and _CA_FILE to trust a private CA). Certificates are always verified.
The password is a SecretStr: it reaches smtplib's login and nothing else, and smtplib's
debug output stays off, so it never lands in a log.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from typing import Protocol

from comeback.errors import ComebackError, InvalidInput
from comeback.settings import Settings

TIMEOUT_S = 30


class MailNotSent(ComebackError):
    """The SMTP server could not be reached or refused the message (no secret in the words)."""


class Mailer(Protocol):
    sender: str

    def send(self, message: EmailMessage) -> None: ...


class SmtpMailer:
    def __init__(self, settings: Settings) -> None:
        if not settings.smtp_host:
            raise InvalidInput(
                "COMEBACK_SMTP_HOST", "nothing", "the SMTP server to send the digest through"
            )
        self.host = settings.smtp_host
        self.port = settings.smtp_port
        self.tls = settings.smtp_tls
        self.username = settings.smtp_username
        self._password = settings.smtp_password
        self.sender = settings.smtp_from
        self.ca_file = settings.smtp_ca_file

    def __repr__(self) -> str:
        return f"SmtpMailer({self.host}:{self.port}, tls={self.tls}, user={self.username!r})"

    def send(self, message: EmailMessage) -> None:
        try:
            self._send(message)
        except (smtplib.SMTPException, OSError) as e:
            reason = type(e).__name__
            if isinstance(e, smtplib.SMTPResponseException):
                reason += f" {e.smtp_code}"
            raise MailNotSent(
                f"could not send email through {self.host}:{self.port} ({reason}); "
                "check the COMEBACK_SMTP_ settings"
            ) from None

    def _send(self, message: EmailMessage) -> None:
        context = ssl.create_default_context(cafile=self.ca_file)
        client: smtplib.SMTP
        if self.tls == "ssl":
            client = smtplib.SMTP_SSL(self.host, self.port, timeout=TIMEOUT_S, context=context)
        else:
            client = smtplib.SMTP(self.host, self.port, timeout=TIMEOUT_S)
        with client:
            if self.tls == "starttls":
                client.starttls(context=context)
            if self.username:
                secret = self._password.get_secret_value() if self._password else ""
                client.login(self.username, secret)
            client.send_message(message)
