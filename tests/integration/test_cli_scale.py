"""`comeback demo --mothers N --months M` and `comeback worker` over a real SQLite file."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from comeback import generator, services
from comeback.cli import main
from comeback.persistence import UnitOfWork, make_engine, session_factory, upgrade
from comeback.persistence.tables import LinkRow, SetRow, UserRow


@pytest.fixture
def url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("COMEBACK_DATABASE_URL", url)
    return url


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as done:
        main(list(args))
    out, _ = capsys.readouterr()
    return int(done.value.code or 0), out


def test_demo_generates_mothers_who_log_in_and_get_a_plan(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run(capsys, "demo", "--mothers", "30", "--months", "3")
    assert code == 0 and "30 mothers" in out and generator.PASSWORD in out
    engine = make_engine(url)
    with engine.connect() as c:
        mothers = c.execute(
            select(func.count()).select_from(UserRow).where(UserRow.role == "mother")
        ).scalar()
        sets = c.execute(select(func.count()).select_from(SetRow)).scalar()
        links = c.execute(select(func.count()).select_from(LinkRow)).scalar()
        emails = list(c.execute(select(UserRow.email).where(UserRow.role == "mother")).scalars())
    assert mothers == 30 and links == 30 and sets and sets > 30 * 100
    uow = UnitOfWork(session_factory(engine))
    token = services.login(uow, emails[0], generator.PASSWORD, datetime.now(UTC))
    me = services.account_for_token(uow, token)
    assert me is not None
    decision = services.today_for(uow, me.id, date.today())
    assert decision.phase in ("foundation", "activation", "strengthening", "paused")


def test_generated_histories_vary_and_the_engine_reads_them(database_url: str) -> None:
    """Batches of rows on SQLite, COPY on PostgreSQL: the same histories either way."""
    upgrade(database_url)
    engine = make_engine(database_url)
    today = date(2026, 11, 30)
    generator.generate(engine, 60, 6, today, seed=7)
    uow = UnitOfWork(session_factory(engine))
    with engine.connect() as c:
        ids = list(c.execute(select(UserRow.id).where(UserRow.role == "mother")).scalars())
        per_mother = list(
            c.execute(select(func.count()).select_from(SetRow).group_by(SetRow.user_id)).scalars()
        )
    phases = {services.today_for(uow, i, today).phase for i in ids}
    assert {"foundation", "activation", "strengthening"} <= phases
    assert max(per_mother) > 1.5 * min(per_mother)  # adherence 40-95 %, gaps
    engine.dispose()


def test_worker_on_sqlite_says_there_is_nothing_to_run(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run(capsys, "worker", "--once")
    assert code == 0 and "no queue" in out
