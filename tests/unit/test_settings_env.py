"""Every operational setting comes from the environment (COMEBACK_ prefix), checked."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from comeback.settings import Settings


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {
        "COMEBACK_DATABASE_URL": "postgresql+psycopg://comeback@db.internal/comeback",
        "COMEBACK_REDIS_URL": "redis://cache.internal:6379/2",
        "COMEBACK_LOG_FORMAT": "text",
        "COMEBACK_LOG_LEVEL": "warning",
        "COMEBACK_LOGIN_ATTEMPTS_PER_WINDOW": "7",
        "COMEBACK_SECURE_COOKIES": "true",
    }.items():
        monkeypatch.setenv(name, value)
    settings = Settings()
    assert settings.database_url.endswith("@db.internal/comeback")
    assert settings.redis_url == "redis://cache.internal:6379/2"
    assert (settings.log_format, settings.log_level) == ("text", "warning")
    assert settings.login_attempts_per_window == 7
    assert settings.secure_cookies is True


def test_defaults_are_json_logs_and_no_redis(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMEBACK_DATABASE_URL", "sqlite:///x.db")
    for name in ("COMEBACK_REDIS_URL", "COMEBACK_LOG_FORMAT", "COMEBACK_LOG_LEVEL"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings()
    assert (settings.redis_url, settings.log_format, settings.log_level) == (None, "json", "info")


def test_a_bad_log_format_names_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMEBACK_DATABASE_URL", "sqlite:///x.db")
    monkeypatch.setenv("COMEBACK_LOG_FORMAT", "xml")
    with pytest.raises(ValidationError, match="log_format"):
        Settings()


def test_the_cli_names_a_bad_setting_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from comeback.cli import main

    monkeypatch.setenv("COMEBACK_DATABASE_URL", "sqlite:///x.db")
    monkeypatch.setenv("COMEBACK_LOGIN_WINDOW_S", "five minutes")
    with pytest.raises(SystemExit) as done:
        main(["db", "upgrade"])
    err = capsys.readouterr().err
    assert done.value.code == 2
    assert err.startswith("error: invalid setting: COMEBACK_LOGIN_WINDOW_S:")
    assert err.count("\n") == 1
