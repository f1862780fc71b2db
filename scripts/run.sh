#!/usr/bin/env bash
# Set up a virtual environment, install Comeback, seed the demo mother and her physio, and
# serve the app on SQLite at http://127.0.0.1:8000/ (API docs at /docs).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e .
.venv/bin/comeback demo
# Logs as text for a person at a terminal (a deployment keeps the JSON default).
exec env COMEBACK_LOG_FORMAT="${COMEBACK_LOG_FORMAT:-text}" .venv/bin/comeback serve --port "${PORT:-8000}"
