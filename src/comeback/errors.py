"""Errors a caller can act on, one hierarchy for every adapter.

    ComebackError
     +-- InvalidInput      her input breaks the contract: names the field, the value, the need
     +-- NotFound          no such thing, or not one she may know exists
     +-- Forbidden         it exists and she may not touch it
     +-- Conflict          it clashes with what is stored (same id, other content)
     +-- Unauthorized      no valid credentials
     +-- UnsafeToProceed   a safety rule refuses the request

The CLI maps InvalidInput to exit status 2; the HTTP API maps them to 422, 404, 403, 409,
401 and 409.
"""

from __future__ import annotations


class ComebackError(Exception):
    """Base of every error Comeback raises on purpose."""


class InvalidInput(ComebackError):
    """Input that breaks the contract, reported as one line: path, value given, expected."""

    def __init__(self, path: str, got: str, expected: str) -> None:
        self.path, self.got, self.expected = path, got, expected
        super().__init__(f"{path}: got {got}; expected {expected}")


class NotFound(ComebackError):
    """The thing does not exist, or she may not know it does."""


class Forbidden(ComebackError):
    """The thing exists and her role may not touch it."""


class Conflict(ComebackError):
    """What was sent clashes with what is stored."""


class Unauthorized(ComebackError):
    """No valid credentials."""


class UnsafeToProceed(ComebackError):
    """A safety rule refuses what was asked."""
