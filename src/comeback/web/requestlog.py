"""Structured logs: one JSON object a line, one line per request, and no health data.

A request line holds the request id, the method, the route *template*
(`/api/v1/me/sets/{set_id}`, never the raw path or its query string), the status and the
duration. Bodies, query strings, headers, emails and tokens are never logged; the database
engine hides statement parameters from its error messages (`hide_parameters`), so a failing
query cannot put a mother's values in a traceback either.

The request id comes from the client's `X-Request-ID` when it is a plain token (letters,
digits, `.`, `_`, `-`, at most 64), else a new one; it is echoed in the response header and
added to every log line written while the request runs.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

REQUEST_ID_HEADER = "X-Request-ID"
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
UNMATCHED = "(no route)"

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
log = logging.getLogger("comeback.request")

# LogRecord's own attributes: anything else on a record came through `extra=`.
_RECORD_KEYS = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "taskName",
    "color_message",  # uvicorn's coloured copy of the message
}


def incoming_request_id(value: str | None) -> str:
    """The client's request id if it is a plain token, else a new random one."""
    if value is not None and SAFE_REQUEST_ID.fullmatch(value):
        return value
    return uuid.uuid4().hex


def route_template(scope: Scope, root_path: str = "") -> str:
    """The matched route's template, or the mount it fell in, never the raw path."""
    path = getattr(scope.get("route"), "path", None)
    if isinstance(path, str) and path:
        return path
    mounted = scope.get("root_path", "")
    if isinstance(mounted, str) and mounted.startswith(root_path) and mounted != root_path:
        return mounted[len(root_path) :] + "/{path}"  # a mount (the static files)
    return UNMATCHED


class RequestLog:
    """ASGI middleware: request id in and out, and one log line when the response is done."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = next(
            (v.decode("latin-1") for k, v in scope["headers"] if k == b"x-request-id"), None
        )
        rid = incoming_request_id(given)
        token = request_id.set(rid)
        started = time.perf_counter()
        status = 500

        started_response = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, started_response
            if message["type"] == "http.response.start":
                status, started_response = message["status"], True
                headers = [h for h in message.get("headers", []) if h[0] != b"x-request-id"]
                message["headers"] = [*headers, (b"x-request-id", rid.encode())]
            await send(message)

        root_path = scope.get("root_path", "")
        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            # Logged here, with the request id, and answered here, so the 500 carries the id
            # a support request can quote (the server's own error page would not).
            log.exception("unhandled error", extra={"route": route_template(scope, root_path)})
            if not started_response:
                await _internal_error(scope, send_with_id, rid)
            else:
                raise
        finally:
            route = route_template(scope, root_path)
            ms = round((time.perf_counter() - started) * 1000, 1)
            extra = {"method": scope["method"], "route": route, "status": status, "duration_ms": ms}
            log.info("%s %s %s %.1f ms", scope["method"], route, status, ms, extra=extra)
            request_id.reset(token)


async def _internal_error(scope: Scope, send: Send, rid: str) -> None:
    words = (
        "Something went wrong on our side. "
        f"Please try again; if it keeps happening, quote this reference: {rid}"
    )
    if scope["path"].startswith("/api/"):
        body, kind = json.dumps({"detail": words}).encode(), b"application/json"
    else:
        body, kind = words.encode(), b"text/plain; charset=utf-8"
    headers = [(b"content-type", kind), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": 500, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class RequestIdFilter(logging.Filter):
    """Adds the current request's id to every record written while it runs."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, request id and extra fields."""

    def format(self, record: logging.LogRecord) -> str:
        doc: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _RECORD_KEYS and not key.startswith("_"):
                doc[key] = value
        if record.exc_info:
            doc["error"] = self.formatException(record.exc_info)
        return json.dumps(doc, default=str, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """For a terminal: time, level, logger, [request id or -], message."""

    def format(self, record: logging.LogRecord) -> str:
        if getattr(record, "request_id", None) is None:
            record.request_id = "-"
        return super().format(record)


def logging_config(fmt: str = "json", level: str = "info") -> dict[str, Any]:
    """A `logging.config.dictConfig` for the app and uvicorn: JSON (or text) on stderr.

    uvicorn's access log is off: the request line above replaces it without the raw path,
    the query string or the client's address.
    """
    text = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
    handler = {
        "class": "logging.StreamHandler",
        "stream": "ext://sys.stderr",
        "formatter": fmt,
        "filters": ["request_id"],
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {
            "json": {"()": JsonFormatter},
            "text": {"()": TextFormatter, "fmt": text},
        },
        "handlers": {"stderr": handler},
        "loggers": {
            "comeback": {"handlers": ["stderr"], "level": level.upper(), "propagate": False},
            "uvicorn": {"handlers": ["stderr"], "level": level.upper(), "propagate": False},
            "uvicorn.error": {"level": level.upper()},
            "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
        },
        "root": {"handlers": ["stderr"], "level": "WARNING"},
    }


def configure(fmt: str = "json", level: str = "info") -> None:
    """Configure this process's logging (the `serve` command, before uvicorn starts)."""
    import logging.config

    logging.config.dictConfig(logging_config(fmt, level))
    logging.captureWarnings(True)
