"""The HTML pages: server-rendered, working without JavaScript, over the same services."""

from fastapi import APIRouter

from comeback.web.pages import (
    account,
    auth,
    calendar,
    checkin,
    desk,
    learn,
    onboarding,
    progress,
    safety,
    today,
)

router = APIRouter(include_in_schema=False)
for module in (auth, onboarding, today, safety, checkin, progress, learn, desk, account, calendar):
    router.include_router(module.router)

__all__ = ["router"]
