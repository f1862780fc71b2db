"""Fixtures for the browser tests live in e2e_support.py (importable by the tests too)."""

from e2e_support import browser, page, server

__all__ = ["browser", "page", "server"]
