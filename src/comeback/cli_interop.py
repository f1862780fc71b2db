"""`comeback today`, `comeback log` and `comeback digest`: her day from a terminal.

The same service functions as the API and the pages, over COMEBACK_DATABASE_URL. Bad values
are one line naming the option and what it expects, exit status 2 (cli.main does that for
every InvalidInput). Progress goes to stderr, so stdout stays what the command answers.
"""

from __future__ import annotations

import json
import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from comeback import csv_io, digests, services
from comeback.cli_data import _mother_id, _now, _uow
from comeback.domain import load_catalogue
from comeback.domain import model as m
from comeback.errors import InvalidInput
from comeback.mailer import SmtpMailer
from comeback.persistence.uow import UnitOfWork
from comeback.scenario import _expected, decision_to_json, parse_scenario, set_to_domain
from comeback.settings import Settings
from comeback.web.schemas import SetCreate
from comeback.weekly import week_ending

OPTION = {"load_kg": "--load-kg", "felt_in": "--felt-in"}  # fields whose option differs


@contextmanager
def steps(title: str, total: int) -> Iterator[Callable[[str], None]]:
    """A progress bar of `total` named steps on stderr; yields `advance(next_step_words)`."""
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
    ) as bar:
        task = bar.add_task(title, total=total)

        def advance(words: str) -> None:
            bar.update(task, advance=1, description=f"{title}: {words}")

        yield advance
        bar.update(task, completed=total, description=f"{title}: done")


def read_history(file: Path, csv: bool) -> m.Scenario:
    """A scenario file (SPEC 3.1), or with `csv` a folder or .zip of `comeback export --csv`."""
    if csv:
        return csv_io.scenario_from(csv_io.read(file))
    if not file.is_file():
        raise InvalidInput("FILE", json.dumps(str(file)), "a scenario file that exists")
    return parse_scenario(file.read_text("utf-8"))


def _day(value: str | None, option: str, default: date) -> date:
    if value is None:
        return default
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(option, json.dumps(value), "a date as YYYY-MM-DD") from None


def _her_today(uow: UnitOfWork, mother_id: str, settings: Settings) -> date:
    """Her local date, from her time zone setting (the server's default otherwise)."""
    saved = services.settings_of(uow, mother_id) or {}
    zone = saved.get("time_zone") or settings.default_time_zone
    return _now().astimezone(ZoneInfo(zone)).date()


def _variant_for(uow: UnitOfWork, mother_id: str, exercise: str, on: date) -> str:
    """The variant today prescribes for this exercise, else its easiest one."""
    ex = load_catalogue().exercises.get(exercise)
    if ex is None:
        ids = ", ".join(load_catalogue().exercises)
        raise InvalidInput("--exercise", json.dumps(exercise), f"an exercise id, one of: {ids}")
    prescribed = {
        p.exercise: p.variant for p in services.today_for(uow, mother_id, on).today.exercises
    }
    return prescribed.get(exercise, ex.variants[0].id)


def _valid_set(data: dict[str, Any]) -> SetCreate:
    try:
        return SetCreate.model_validate(data)
    except ValidationError as e:
        first = e.errors()[0]
        err: dict[str, Any] = dict(first)
        field = str(first["loc"][0]) if first["loc"] else str(first["type"])
        option = OPTION.get(field, "--" + field.replace("_", "-"))
        value = json.dumps(data[field]) if field in data else "nothing"
        raise InvalidInput(option, value, _expected(err)) from None


def _stored_table(stored: services.LoggedSet) -> Table:
    table = Table(title="Set stored")
    for col in ("date", "exercise", "variant", "reps", "load", "rir", "form", "felt in"):
        table.add_column(col)
    t = stored.set
    load = f"{t.load_kg:g} kg" if t.load_kg is not None else (f"{t.band} band" if t.band else "-")
    table.add_row(
        stored.date.isoformat(),
        stored.exercise,
        stored.variant,
        str(t.reps),
        load,
        "-" if t.rir is None else str(t.rir),
        t.form,
        t.felt_in or "-",
    )
    return table


def register(app: typer.Typer) -> None:
    """Add `today`, `log` and `digest` to the main `comeback` command."""

    @app.command("today")
    def today_command(
        email: Annotated[str, typer.Option(help="Her account's email.")],
        as_of: Annotated[
            str | None, typer.Option("--as-of", help="YYYY-MM-DD (default her today).")
        ] = None,
    ) -> None:
        """Her phase, safety and today's session as a table."""
        from comeback.cli import render_explanation  # cli imports this module

        settings = Settings()
        uow = _uow(settings)
        mother = _mother_id(uow, email)
        day = _day(as_of, "--as-of", _her_today(uow, mother, settings))
        render_explanation(decision_to_json(services.today_for(uow, mother, day)), Console())

    @app.command("log")
    def log_command(
        email: Annotated[str, typer.Option(help="Her account's email.")],
        exercise: Annotated[str, typer.Option(help="Exercise id (see `comeback catalogue`).")],
        reps: Annotated[int, typer.Option(help="Repetitions in the set (0-200).")],
        form: Annotated[str, typer.Option(help="good, ok or poor.")] = "good",
        variant: Annotated[
            str | None, typer.Option(help="Variant id (default: today's, else the easiest).")
        ] = None,
        load_kg: Annotated[
            float | None, typer.Option("--load-kg", help="Total load in kg (weighted variants).")
        ] = None,
        band: Annotated[
            str | None, typer.Option(help="light, medium or heavy (banded variants).")
        ] = None,
        rir: Annotated[int | None, typer.Option(help="Reps left in reserve (0-10).")] = None,
        felt_in: Annotated[
            str | None,
            typer.Option("--felt-in", help="glutes, hamstrings, low_back, quads or other."),
        ] = None,
        on: Annotated[
            str | None, typer.Option("--date", help="YYYY-MM-DD (default her today).")
        ] = None,
    ) -> None:
        """Log one set from the terminal, as the Today page does, and show what was stored."""
        settings = Settings()
        uow = _uow(settings)
        mother = _mother_id(uow, email)
        today = _her_today(uow, mother, settings)
        day = _day(on, "--date", today)
        chosen = variant or _variant_for(uow, mother, exercise, day)
        body = {
            "id": str(uuid.uuid4()),
            "date": day.isoformat(),
            "exercise": exercise,
            "variant": chosen,
            "reps": reps,
            "load_kg": load_kg,
            "band": band,
            "rir": rir,
            "form": form,
            "felt_in": felt_in,
        }
        valid = _valid_set({k: v for k, v in body.items() if v is not None})
        logged = services.LoggedSet(
            str(valid.id), valid.date, valid.exercise, valid.variant, set_to_domain(valid)
        )
        stored, _ = services.log_set(uow, mother, logged, today)
        Console().print(_stored_table(stored))

    @app.command("digest")
    def digest_command(
        send: Annotated[
            bool, typer.Option("--send", help="Mail every mother who turned the digest on.")
        ] = False,
        email: Annotated[
            str | None, typer.Option(help="Print this mother's digest instead (nothing sent).")
        ] = None,
        today: Annotated[
            str | None, typer.Option("--today", help="YYYY-MM-DD (default today).")
        ] = None,
        queue: Annotated[
            bool,
            typer.Option("--queue", help="With --send: one job per mother for `comeback worker`."),
        ] = False,
    ) -> None:
        """The weekly email digest: mail the week just ended (--send), or preview one."""
        settings = Settings()
        day = _day(today, "--today", _now().date())
        uow = _uow(settings)
        if send and queue:
            from comeback import jobs
            from comeback.persistence import make_engine, session_factory

            sessions = session_factory(make_engine(settings.database_url))
            queued = digests.enqueue_due(uow, jobs.make_queue(settings.database_url, sessions), day)
            Console().print(f"Queued {queued} weekly digest job(s) for `comeback worker`.")
            return
        if send:
            sent = digests.send_due(uow, day, SmtpMailer(settings))
            Console().print(
                f"Sent {sent} weekly digest(s) for the week ending {week_ending(day)[1]}."
            )
            return
        if email is None:
            raise InvalidInput("--email", "nothing", "a mother's email to preview, or --send")
        mother = _mother_id(uow, email)
        preview = digests.preview(uow, mother, day, settings.smtp_from)
        sys.stdout.write(preview.as_string())
