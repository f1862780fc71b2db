"""Progress: the same series as GET /me/progress and the printed report, drawn as small
server-rendered SVG charts, each with a text summary (its accessible alternative)."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from comeback import services
from comeback.domain.catalogue import load_catalogue
from comeback.domain.progress import progress
from comeback.errors import Conflict
from comeback.web import charts
from comeback.web.deps import ClockDep, SettingsDep, UowDep, local_today
from comeback.web.pages.common import PageMother, redirect
from comeback.web.templating import render

router = APIRouter()

PERIODS = {"4w": 28, "12w": 84, "all": None}


@router.get("/progress")
def progress_page(
    request: Request, me: PageMother, uow: UowDep, settings: SettingsDep, clock: ClockDep
) -> Response:
    today = local_today(settings, clock, me)
    try:
        scenario = services.export(uow, me.id, today)
    except Conflict:
        return redirect("/onboarding")
    period = request.query_params.get("period", "12w")
    days = PERIODS.get(period, 84)
    start = scenario.profile.delivery_date
    if days is not None:
        start = max(start, today - timedelta(days=days - 1))
    series = progress(scenario)
    catalogue = load_catalogue().exercises
    unit = "lb" if me.units == "imperial" else "kg"
    loads = [
        (
            catalogue[ex].name,
            charts.load_chart(
                catalogue[ex].name,
                [p for p in points if p.date >= start],
                unit,
                id_prefix=f"load-{ex}",
            ),
        )
        for ex, points in sorted(series.exercises.items(), key=lambda kv: kv[0])
        if any(p.date >= start for p in points)
    ]
    units = me.units or "metric"
    return render(
        request,
        "progress.html",
        account=me,
        period=period,
        report_query=urlencode({"from": start.isoformat(), "to": today.isoformat()}),
        phases=charts.phase_timeline(series.phases, start, today, id_prefix="phases"),
        volume=charts.weekly_volume_chart(
            [w for w in series.weeks if w.week_start >= start - timedelta(days=6)],
            id_prefix="volume",
        ),
        loads=loads,
        symptoms=charts.symptom_timeline(
            [s for s in series.symptoms if s.date >= start], start, today, id_prefix="symptoms"
        ),
        protein=charts.nutrition_chart(
            [n for n in series.nutrition if n.date >= start],
            "protein",
            units,
            id_prefix="protein",
        ),
        water=charts.nutrition_chart(
            [n for n in series.nutrition if n.date >= start], "water", units, id_prefix="water"
        ),
    )
