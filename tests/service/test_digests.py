"""The weekly digest's choices over the in-memory unit of work: off by default, once a week."""

from __future__ import annotations

from datetime import UTC, date, datetime
from email.message import EmailMessage
from importlib import resources

import pytest
from fakes import FakeUnitOfWork

from comeback import digests, services
from comeback.scenario import parse_scenario

NOW = datetime(2026, 3, 16, 9, tzinfo=UTC)
MONDAY = date(2026, 3, 16)
DEMO = parse_scenario(
    resources.files("comeback.data").joinpath("demo_10_weeks.json").read_text("utf-8")
)


class Outbox:
    sender = "Comeback <no-reply@comeback.app>"

    def __init__(self) -> None:
        self.sent: list[EmailMessage] = []

    def send(self, message: EmailMessage) -> None:
        self.sent.append(message)


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork()


def _mother(uow: FakeUnitOfWork, email: str) -> str:
    account = services.register(uow, email, "a long secret", "mother", "Ann", NOW)
    services.import_history(uow, account.id, DEMO, NOW)
    return account.id


def test_the_digest_is_off_until_she_turns_it_on(uow: FakeUnitOfWork) -> None:
    ann = _mother(uow, "ann@example.org")
    outbox = Outbox()
    assert digests.digest_of(uow, ann) is False
    assert digests.send_digest(uow, ann, MONDAY, outbox) is False
    assert digests.send_due(uow, MONDAY, outbox) == 0
    assert outbox.sent == []


def test_only_mothers_who_opted_in_get_it(uow: FakeUnitOfWork) -> None:
    ann = _mother(uow, "ann@example.org")
    bea = _mother(uow, "bea@example.org")
    digests.set_digest(uow, ann, True)
    digests.set_digest(uow, bea, False)
    outbox = Outbox()
    assert digests.send_due(uow, MONDAY, outbox) == 1
    assert [m["To"] for m in outbox.sent] == ["ann@example.org"]
    text = outbox.sent[0].get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "Your week, 9 Mar to 15 Mar 2026" in text
    assert "planned sessions" in text


def test_a_week_is_mailed_once_and_the_next_week_again(uow: FakeUnitOfWork) -> None:
    ann = _mother(uow, "ann@example.org")
    digests.set_digest(uow, ann, True)
    outbox = Outbox()
    assert digests.send_digest(uow, ann, MONDAY, outbox) is True
    assert digests.send_digest(uow, ann, date(2026, 3, 18), outbox) is False  # same week
    assert uow.committed.digests[ann].last_week_end == date(2026, 3, 15)
    assert digests.send_digest(uow, ann, date(2026, 3, 23), outbox) is True
    assert len(outbox.sent) == 2


def test_a_failed_send_is_not_marked_sent(uow: FakeUnitOfWork) -> None:
    ann = _mother(uow, "ann@example.org")
    digests.set_digest(uow, ann, True)

    class Down(Outbox):
        def send(self, message: EmailMessage) -> None:
            raise OSError("server down")

    with pytest.raises(OSError):
        digests.send_digest(uow, ann, MONDAY, Down())
    assert uow.committed.digests[ann].last_week_end is None
    assert digests.send_digest(uow, ann, MONDAY, Outbox()) is True


def test_no_profile_or_a_clinician_gets_nothing(uow: FakeUnitOfWork) -> None:
    cat = services.register(uow, "cat@example.org", "a long secret", "mother", "Cat", NOW)
    doc = services.register(uow, "doc@example.org", "a long secret", "clinician", "Doc", NOW)
    digests.set_digest(uow, cat.id, True)
    digests.set_digest(uow, doc.id, True)
    outbox = Outbox()
    assert digests.send_due(uow, MONDAY, outbox) == 0
    assert outbox.sent == []


def test_erasing_her_account_erases_her_choice(uow: FakeUnitOfWork) -> None:
    ann = _mother(uow, "ann@example.org")
    digests.set_digest(uow, ann, True)
    services.delete_account(uow, ann)
    assert ann not in uow.committed.digests
    assert digests.send_due(uow, MONDAY, Outbox()) == 0
