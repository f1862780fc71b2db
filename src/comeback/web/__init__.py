"""The HTTP adapter: FastAPI app factory, dependencies, schemas and the JSON API."""

from comeback.web.app import create_app

__all__ = ["create_app"]
