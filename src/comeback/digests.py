"""The weekly digest's use cases: her choice (off by default), and sending her week.

`send_digest(uow, user_id, today, mailer)` is what a queue worker calls per mother; `send_due`
walks every mother who turned it on (`comeback digest --send`). A week is mailed once: the
last week sent is stored, and only after the server took the message.
"""

from __future__ import annotations

import logging
from datetime import date
from email.message import EmailMessage

from comeback import jobs, services, weekly
from comeback.domain import decide
from comeback.mailer import Mailer, SmtpMailer
from comeback.persistence.uow import UnitOfWork
from comeback.settings import Settings

log = logging.getLogger(__name__)


def digest_of(uow: UnitOfWork, user_id: str) -> bool:
    """Whether she turned the weekly digest on (never asked: off)."""
    with uow:
        row = uow.digests.get(user_id)
        return bool(row and row.weekly)


def set_digest(uow: UnitOfWork, user_id: str, weekly_on: bool) -> bool:
    with uow:
        uow.digests.put(user_id, weekly_on)
        uow.commit()
    return weekly_on


def _week(uow: UnitOfWork, user_id: str, today: date) -> weekly.Week:
    start, end = weekly.week_ending(today)
    scenario = services.export(uow, user_id, end)
    return weekly.summarise(scenario, decide(scenario), max(start, scenario.profile.delivery_date))


def preview(uow: UnitOfWork, user_id: str, today: date, sender: str) -> EmailMessage:
    """Her digest for the week before `today`, built but not sent (whatever her choice)."""
    with uow:
        user = uow.users.get(user_id)
        saved = uow.histories.settings(user_id)
        assert user is not None
        to, name, units = user.email, user.display_name, saved.units if saved else "metric"
    return weekly.message(_week(uow, user_id, today), to, sender, name, units)


def send_digest(uow: UnitOfWork, user_id: str, today: date, mailer: Mailer) -> bool:
    """Mail her the last whole week before `today`, if she turned the digest on, has a
    profile, and that week was not mailed yet. True when a message was sent."""
    end = weekly.week_ending(today)[1]
    with uow:
        row = uow.digests.get(user_id)
        user = uow.users.get(user_id)
        profile = uow.histories.profile(user_id)
        saved = uow.histories.settings(user_id)
        if row is None or not row.weekly or user is None or user.role != "mother":
            return False
        if profile is None or end < profile.delivery_date:
            return False
        if row.last_week_end is not None and row.last_week_end >= end:
            return False
        to, name, units = user.email, user.display_name, saved.units if saved else "metric"
    mailer.send(weekly.message(_week(uow, user_id, today), to, mailer.sender, name, units))
    with uow:
        uow.digests.mark_sent(user_id, end)
        uow.commit()
    log.info("weekly digest sent: user %s, week ending %s", user_id, end.isoformat())
    return True


def send_due(uow: UnitOfWork, today: date, mailer: Mailer) -> int:
    """Send every opted-in mother her last week, if not sent yet; how many were sent."""
    with uow:
        ids = uow.digests.subscribers()
    return sum(send_digest(uow, user_id, today, mailer) for user_id in ids)


@jobs.job("weekly_digest")
def digest_job(uow: UnitOfWork, user_id: str, today: str) -> None:
    """The queued form of `send_digest`: the worker mails with the SMTP settings of its
    environment; a week already sent is not sent again, so a retried job is harmless."""
    send_digest(uow, user_id, date.fromisoformat(today), SmtpMailer(Settings()))


def enqueue_due(uow: UnitOfWork, queue: jobs.Queue, today: date) -> int:
    """Put one `weekly_digest` job per opted-in mother on the queue; how many."""
    with uow:
        ids = uow.digests.subscribers()
    for user_id in ids:
        queue.enqueue("weekly_digest", user_id=user_id, today=today.isoformat())
    return len(ids)
