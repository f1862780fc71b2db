"""STYLE lesson 1: the domain imports nothing from infrastructure."""

import subprocess
import sys


def test_importing_the_domain_loads_no_infrastructure() -> None:
    code = (
        "import sys, comeback.domain; "
        "infra = ('sqlalchemy', 'fastapi', 'pydantic', 'typer', 'rich'); "
        "bad = [m for m in infra if m in sys.modules]; "
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
