"""The Learn pages: the method in plain words, one short page per topic, public to all.

`/learn` lists the lessons by phase; `/learn/{slug}` shows one, ending with its sources. Only
slugs listed in `comeback.web.learn.LESSONS` reach a template; anything else is a 404 page.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from comeback.domain.catalogue import load_catalogue
from comeback.errors import NotFound
from comeback.web.learn import LESSONS, NUMBERS, lesson, lessons_by_phase, sign_groups
from comeback.web.pages.common import MaybeAccount
from comeback.web.templating import render

router = APIRouter()


@router.get("/learn")
def learn_index(request: Request, account: MaybeAccount) -> Response:
    return render(
        request, "learn/index.html", account=account, lessons=LESSONS, groups=lessons_by_phase()
    )


@router.get("/learn/{slug}")
def learn_page(request: Request, slug: str, account: MaybeAccount) -> Response:
    found = lesson(slug)
    if found is None:
        raise NotFound("no such page")
    return render(
        request,
        f"learn/{found.slug}.html",
        account=account,
        lesson=found,
        lessons=LESSONS,
        n=NUMBERS,
        catalogue=load_catalogue(),
        signs=sign_groups,
    )
