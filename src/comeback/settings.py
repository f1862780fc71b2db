"""One validated Settings object for every adapter (pydantic-settings, COMEBACK_ prefix).

`COMEBACK_DATABASE_URL` defaults to a SQLite file in the user's data directory; an operator
points it at PostgreSQL (`postgresql+psycopg://...`). Tests build their own Settings.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from platformdirs import user_data_dir
from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_database_url() -> str:
    folder = Path(user_data_dir("comeback", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'comeback.db'}"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="COMEBACK_", extra="ignore")

    database_url: str = Field(default_factory=default_database_url)
    login_attempts_per_window: int = 5  # throttle: failed logins per email in one window
    login_window_s: int = 300
    secure_cookies: bool = False  # set true when served over HTTPS
    default_time_zone: str = "UTC"
    # Weekly email digest (off unless a mother turns it on; nothing is sent without a host).
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_tls: Literal["none", "starttls", "ssl"] = "starttls"
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None  # never printed: repr shows **********
    smtp_from: str = "Comeback <no-reply@comeback.app>"
    smtp_ca_file: str | None = None  # a private CA's PEM to trust (default: the system's)
    redis_url: str | None = None  # e.g. redis://127.0.0.1:6379/0: login throttle in Redis
    log_format: Literal["json", "text"] = "json"  # `comeback serve`: one JSON object a line
    log_level: Literal["debug", "info", "warning", "error"] = "info"


def describe_invalid(error: ValidationError) -> str:
    """A settings error in one line, naming each environment variable and what it needs."""
    return "; ".join(
        f"COMEBACK_{'_'.join(str(p) for p in e['loc']).upper()}: {e['msg']}" for e in error.errors()
    )
