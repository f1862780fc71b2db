"""Background work (issue 6): jobs on procrastinate's PostgreSQL queue, in-process on SQLite.

A job is a plain function `f(uow, **kwargs)` over a unit of work, with JSON-able keyword
arguments, registered under a name:

    @jobs.job("weekly_digest")
    def weekly_digest(uow: UnitOfWork, user_id: str, week_of: str) -> None: ...

and put on the queue with `queue.enqueue("weekly_digest", user_id=..., week_of=...)`, where
`queue = jobs.make_queue(database_url, sessions)` (the web app keeps one in
`app.state.queue`). On PostgreSQL the job waits in procrastinate's tables until a worker
(`comeback worker`) runs it, with retries; on SQLite (one machine, no worker) it runs at
once, in the caller's thread, behind the same `enqueue`.

To plug in a new job (the weekly digest, the calendar regeneration): write the function
with `@jobs.job(...)` in your module and add the module's dotted path to `JOB_MODULES`
below, so that the worker imports it. Nothing else changes.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol

from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from comeback.persistence.uow import UnitOfWork

# Modules that define jobs: the worker imports them all before it starts.
JOB_MODULES: tuple[str, ...] = ("comeback.data_exports", "comeback.digests")
QUEUE = "comeback"
RETRIES = 3  # product rule: a failed job is tried three more times, then left for a look
SCHEMA_LOCK = 727_360_006  # PostgreSQL advisory lock id: one process applies the schema

Job = Callable[..., None]
_JOBS: dict[str, Job] = {}
log = logging.getLogger(__name__)


def job(name: str) -> Callable[[Job], Job]:
    """Register `f(uow, **kwargs)` as the job `name`."""

    def register(f: Job) -> Job:
        if name in _JOBS and _JOBS[name] is not f:
            raise ValueError(f"a job named {name!r} is registered already")
        _JOBS[name] = f
        return f

    return register


def registered() -> dict[str, Job]:
    for module in JOB_MODULES:
        importlib.import_module(module)
    return dict(_JOBS)


def run(sessions: sessionmaker[Session], name: str, kwargs: dict[str, Any]) -> None:
    """Run one job now, with a fresh unit of work."""
    jobs = registered()
    if name not in jobs:
        raise LookupError(f"no job named {name!r}; registered: {', '.join(sorted(jobs))}")
    jobs[name](UnitOfWork(sessions), **kwargs)


class Queue(Protocol):
    def enqueue(self, name: str, **kwargs: Any) -> None: ...


class InProcessQueue:
    """SQLite: run each job at once, in the caller's thread (same interface as the queue)."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def enqueue(self, name: str, **kwargs: Any) -> None:
        run(self.sessions, name, kwargs)


def conninfo(database_url: str) -> str:
    """psycopg's connection string for a SQLAlchemy URL (`postgresql+psycopg://...`)."""
    url = make_url(database_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def procrastinate_app(database_url: str, sessions: sessionmaker[Session]) -> Any:
    """A procrastinate App on this database, with every registered job as a task."""
    import procrastinate

    app = procrastinate.App(
        connector=procrastinate.PsycopgConnector(
            conninfo=conninfo(database_url), min_size=1, max_size=4
        )
    )
    for name in registered():

        def task(_name: str = name, **kwargs: Any) -> None:
            run(sessions, _name, kwargs)

        app.task(name=name, queue=QUEUE, retry=RETRIES, pass_context=False)(task)
    return app


def ensure_schema(database_url: str) -> None:
    """Apply procrastinate's schema (its SchemaManager's SQL) once, if it is not there."""
    import procrastinate.schema
    import psycopg

    with psycopg.connect(conninfo(database_url)) as connection:
        connection.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
        found = connection.execute("SELECT to_regclass('procrastinate_jobs')").fetchone()
        if found is None or found[0] is None:
            connection.execute(procrastinate.schema.SchemaManager.get_schema())
        connection.commit()


class ProcrastinateQueue:
    """PostgreSQL: jobs wait in procrastinate's tables until `comeback worker` runs them."""

    def __init__(self, database_url: str, sessions: sessionmaker[Session]) -> None:
        self.database_url = database_url
        self.sessions = sessions
        self._app: Any = None
        self._lock = threading.Lock()

    def _open(self) -> Any:
        with self._lock:
            if self._app is None:
                ensure_schema(self.database_url)
                self._app = procrastinate_app(self.database_url, self.sessions).open()
            return self._app

    def enqueue(self, name: str, **kwargs: Any) -> None:
        app = self._open()
        app.tasks[name].defer(**kwargs)

    def close(self) -> None:
        if self._app is not None:
            self._app.close()
            self._app = None


def make_queue(database_url: str, sessions: sessionmaker[Session]) -> Queue:
    if make_url(database_url).get_backend_name() == "postgresql":
        return ProcrastinateQueue(database_url, sessions)
    return InProcessQueue(sessions)


def run_worker(database_url: str, sessions: sessionmaker[Session], wait: bool = True) -> None:
    """Run queued jobs on PostgreSQL: until stopped (SIGINT/SIGTERM), or, with `wait=False`,
    until the queue is empty."""
    ensure_schema(database_url)
    app = procrastinate_app(database_url, sessions)

    async def work() -> None:
        async with app.open_async():
            await app.run_worker_async(
                queues=[QUEUE], wait=wait, install_signal_handlers=wait, listen_notify=wait
            )

    try:
        asyncio.get_running_loop()
    except RuntimeError:  # the usual case: `comeback worker`, a plain thread
        asyncio.run(work())
        return
    # Called where an event loop already runs (a test session holding Playwright's loop, a
    # notebook): asyncio.run refuses, so the worker gets a thread of its own.
    with ThreadPoolExecutor(max_workers=1) as thread:
        thread.submit(asyncio.run, work()).result()
