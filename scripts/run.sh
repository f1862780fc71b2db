#!/usr/bin/env bash
# Set up a virtual environment, install Comeback, and explain the demo mother's day.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e .
.venv/bin/comeback simulate --explain examples/demo_10_weeks.json
