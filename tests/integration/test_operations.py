"""Operations: `/healthz`, `/readyz` (503 naming what is wrong), request ids, and JSON log
lines that carry the request id and none of her health data, email or token."""

from __future__ import annotations

import io
import json
import logging
import uuid
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from redis_support import REDIS_URL, require_redis
from sqlalchemy import create_engine, text

from comeback.settings import Settings
from comeback.web import create_app
from comeback.web.requestlog import (
    JsonFormatter,
    RequestIdFilter,
    incoming_request_id,
    logging_config,
)

PASSWORD = "a long enough secret"
PROFILE = {
    "delivery_date": "2026-01-05",
    "delivery": "vaginal",
    "body_mass_kg": 68.4,
    "breastfeeding": "exclusive",
}


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    """Everything the `comeback` loggers write during the test, formatted as `serve` does."""
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("comeback")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield out
    logger.removeHandler(handler)
    logger.setLevel(level)


def test_healthz_answers_without_the_database(client: TestClient) -> None:
    client.app.state.engine.dispose()  # type: ignore[attr-defined]
    client.app.state.engine = create_engine("postgresql+psycopg://x@127.0.0.1:1/none")  # type: ignore[attr-defined]
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.json()["status"] == "ok"


def test_readyz_is_ready_on_a_current_schema(client: TestClient) -> None:
    r = client.get("/readyz")
    assert r.status_code == 200, r.text
    assert r.json() == {"status": "ready", "checks": {"database": "ok", "migrations": "ok"}}


def test_readyz_is_503_when_the_schema_is_behind(client: TestClient) -> None:
    engine = client.app.state.engine  # type: ignore[attr-defined]
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    r = client.get("/readyz")
    assert r.status_code == 503
    body = r.json()
    assert body["status"] == "not ready"
    assert body["checks"]["database"] == "ok"
    assert "comeback db upgrade" in body["checks"]["migrations"]


def test_readyz_is_503_when_the_database_is_unreachable(client: TestClient) -> None:
    client.app.state.engine.dispose()  # type: ignore[attr-defined]
    client.app.state.engine = create_engine(  # type: ignore[attr-defined]
        "postgresql+psycopg://x@127.0.0.1:1/none", connect_args={"connect_timeout": 1}
    )
    r = client.get("/readyz")
    assert r.status_code == 503
    assert r.json()["checks"]["database"].startswith("unreachable")


def test_readyz_checks_redis_when_one_is_configured(database_url: str) -> None:
    require_redis()
    for url, status, word in (
        (REDIS_URL, 200, "ok"),
        ("redis://127.0.0.1:1/0", 503, "unreachable"),
    ):
        app = create_app(Settings(database_url=database_url, redis_url=url))
        with TestClient(app) as c:
            r = c.get("/readyz")
        app.state.engine.dispose()
        assert r.status_code == status, r.text
        assert r.json()["checks"]["redis"].startswith(word)


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("abc-123_X.y", True),
        ("a" * 64, True),
        ("a" * 65, False),
        ("ann@example.org", False),
        ("has space", False),
        ("", False),
        (None, False),
    ],
)
def test_a_client_request_id_is_kept_only_when_it_is_a_plain_token(
    given: str | None, kept: bool
) -> None:
    rid = incoming_request_id(given)
    assert (rid == given) is kept
    assert 1 <= len(rid) <= 64


def test_the_request_id_is_echoed_or_made(client: TestClient) -> None:
    r = client.get("/healthz", headers={"X-Request-ID": "lb-42"})
    assert r.headers["X-Request-ID"] == "lb-42"
    made = client.get("/healthz", headers={"X-Request-ID": "mum@example.org"})
    assert made.headers["X-Request-ID"] not in ("mum@example.org", "")
    assert client.get("/healthz").headers["X-Request-ID"] != made.headers["X-Request-ID"]


def test_request_logs_are_json_with_ids_and_no_health_data(
    client: TestClient, log_lines: io.StringIO
) -> None:
    email = f"private-{uuid.uuid4().hex[:8]}@example.org"
    set_id = str(uuid.uuid4())
    r = client.post(
        "/api/v1/auth/register",
        json={"email": email, "password": PASSWORD, "role": "mother", "display_name": "Zelda"},
    )
    assert r.status_code == 201, r.text
    r = client.post("/api/v1/auth/token", json={"email": email, "password": "wrong password!"})
    assert r.status_code == 401
    r = client.post("/api/v1/auth/token", json={"email": email, "password": PASSWORD})
    token = r.json()["access_token"]
    auth = {"Authorization": f"Bearer {token}"}
    ids = []
    for method, path, body in (
        ("PUT", "/api/v1/me/profile", PROFILE),
        (
            "POST",
            "/api/v1/me/symptoms",
            {"date": "2026-03-10", "code": "heaviness_or_bulge", "during": "rest"},
        ),
        (
            "POST",
            "/api/v1/me/sets",
            {
                "id": set_id,
                "date": "2026-03-10",
                "exercise": "glute_bridge",
                "variant": "bodyweight",
                "reps": 17,
                "form": "good",
            },
        ),
        ("GET", f"/api/v1/me/today?as_of=2026-03-11&email={email}", None),
    ):
        rid = f"req-{uuid.uuid4().hex}"
        r = client.request(method, path, json=body, headers={**auth, "X-Request-ID": rid})
        assert r.status_code < 500, r.text
        assert r.headers["X-Request-ID"] == rid
        ids.append(rid)

    text_out = log_lines.getvalue()
    records = [json.loads(line) for line in text_out.splitlines()]
    requests = [rec for rec in records if rec["logger"] == "comeback.request"]
    assert len(requests) == 7
    assert [rec["request_id"] for rec in requests[-4:]] == ids
    assert [rec["route"] for rec in requests[-4:]] == [
        "/api/v1/me/profile",
        "/api/v1/me/symptoms",
        "/api/v1/me/sets",
        "/api/v1/me/today",
    ]
    assert {rec["status"] for rec in requests} >= {201, 401}
    assert all(isinstance(rec["duration_ms"], float) for rec in requests)
    for secret in (
        email,
        "private-",
        token,
        PASSWORD,
        "heaviness",
        "bulge",
        set_id,
        "68.4",
        '"reps"',
        "Zelda",
        "as_of",
        "2026-03-1",
    ):
        assert secret not in text_out, secret


def test_logging_config_is_json_and_turns_the_raw_access_log_off() -> None:
    config = logging_config("json", "info")
    assert config["handlers"]["stderr"]["formatter"] == "json"
    assert config["loggers"]["uvicorn.access"]["handlers"] == []
    assert logging_config("text", "debug")["loggers"]["comeback"]["level"] == "DEBUG"


def test_the_json_formatter_writes_one_object_a_line_with_the_error() -> None:
    formatter = JsonFormatter()
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        record = logging.LogRecord("comeback", logging.ERROR, "f", 1, "two\nlines", None, None)
        record.exc_info = sys.exc_info()
    line = formatter.format(record)
    assert "\n" not in line
    doc = json.loads(line)
    assert doc["msg"] == "two\nlines" and doc["level"] == "error"
    assert "ValueError: boom" in doc["error"]


def test_unmatched_paths_and_static_files_log_no_raw_path(
    client: TestClient, log_lines: io.StringIO
) -> None:
    client.get("/static/app.css")
    client.get("/no/such/page-mum@example.org")
    routes = [json.loads(line)["route"] for line in log_lines.getvalue().splitlines()]
    assert routes == ["/static/{path}", "(no route)"]


def test_an_unhandled_error_is_a_500_with_its_request_id_and_one_logged_traceback(
    client: TestClient, log_lines: io.StringIO
) -> None:
    def boom() -> None:
        raise RuntimeError("a bug, not her data")

    client.app.add_api_route("/api/v1/boom/{item_id}", boom)  # type: ignore[attr-defined]
    client.app.add_api_route("/boom-page", boom)  # type: ignore[attr-defined]
    r = client.get("/api/v1/boom/7", headers={"X-Request-ID": "support-1"})
    assert r.status_code == 500
    assert r.headers["X-Request-ID"] == "support-1"
    assert "support-1" in r.json()["detail"]
    page = client.get("/boom-page")
    assert page.status_code == 500 and page.headers["X-Request-ID"] in page.text

    records = [json.loads(line) for line in log_lines.getvalue().splitlines()]
    errors = [rec for rec in records if rec["level"] == "error"]
    assert [e["request_id"] for e in errors] == ["support-1", page.headers["X-Request-ID"]]
    assert "RuntimeError: a bug, not her data" in errors[0]["error"]
    assert errors[0]["route"] == "/api/v1/boom/{item_id}"
    lines = [rec for rec in records if rec["logger"] == "comeback.request" and "status" in rec]
    assert [(rec["route"], rec["status"]) for rec in lines] == [
        ("/api/v1/boom/{item_id}", 500),
        ("/boom-page", 500),
    ]
