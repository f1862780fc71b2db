"""The `comeback` command: the engine from a terminal (Typer + Rich).

`comeback simulate FILE` prints SPEC 3.7's decision JSON; `--explain` prints it for a person.
Every error is one line on stderr and exit status 2 (SPEC 3), never a traceback.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any, Literal

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

from comeback import cli_calendar, cli_data, cli_interop, cli_ops, cli_report, cli_scale
from comeback.domain import decide, load_catalogue
from comeback.errors import ComebackError, InvalidInput
from comeback.scenario import decision_schema, decision_to_json, parse_scenario, scenario_schema
from comeback.settings import Settings, describe_invalid

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Comeback: postpartum glute and core recovery. Not medical advice.",
)
USAGE_ERROR = 2


def _read(file: str) -> str:
    if file == "-":
        try:
            return sys.stdin.read()
        except UnicodeDecodeError as e:
            raise InvalidInput("FILE", "-", f"UTF-8 JSON on stdin ({e.reason})") from None
    path = Path(file)
    if not path.is_file():
        raise InvalidInput("FILE", json.dumps(file), "a scenario file that exists (or - for stdin)")
    try:
        return path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise InvalidInput("FILE", json.dumps(file), f"a readable UTF-8 JSON file ({e})") from None


@app.command()
def simulate(
    file: Annotated[str, typer.Argument(help="Scenario JSON file (SPEC 3.1), or - for stdin.")],
    explain: Annotated[
        bool, typer.Option("--explain", help="Print for a person, not JSON.")
    ] = False,
) -> None:
    """Decide phase, today's session, progression and safety for a scenario."""
    decision = decide(parse_scenario(_read(file)))
    data = decision_to_json(decision)
    if explain:
        render_explanation(data, Console())
    else:
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


@app.command()
def schema(
    which: Annotated[Literal["scenario", "decision"], typer.Argument(help="scenario or decision")],
) -> None:
    """Print the JSON Schema of the scenario (input) or the decision (output)."""
    doc = scenario_schema() if which == "scenario" else decision_schema()
    sys.stdout.write(json.dumps(doc, indent=2) + "\n")


@app.command()
def catalogue() -> None:
    """List the exercises, their dose and their ladder of variants."""
    table = Table(title="Comeback exercises")
    for col in ("phase", "id", "dose", "variants (easiest first)"):
        table.add_column(col)
    for ex in load_catalogue().exercises.values():
        dose = f"{ex.low}-{ex.top} {ex.unit}" + (" per side" if ex.per_side else "")
        if ex.hold_s:
            dose += f" of {ex.hold_s} s"
        ladder = " -> ".join(
            _variant_words(v.id, v.load, v.start_kg, v.start_band) for v in ex.variants
        )
        table.add_row(ex.phase, ex.id, dose, ladder)
    Console().print(table)


def _variant_words(vid: str, load: str, kg: float | None, band: str | None) -> str:
    if kg is not None:
        return f"{vid} ({load}, from {kg:g} kg)"
    if band is not None:
        return f"{vid} (band, from {band})"
    return vid


def _load(e: dict[str, Any]) -> str:
    if e.get("load_kg") is not None:
        return f"{e['load_kg']:g} kg"
    if e.get("band"):
        return f"{e['band']} band"
    return "-"


def _reps(e: dict[str, Any]) -> str:
    reps = e["reps"]
    text = f"{reps[0]}-{reps[1]}" if isinstance(reps, list) else str(reps)
    return text + (f" x {e['hold_s']} s hold" if e.get("hold_s") else "")


def render_explanation(d: dict[str, Any], out: Console) -> None:
    """The decision in words: safety first, then phase, gate, session, targets and habits."""
    triage = d["triage"]
    style = {"stop": "bold red", "modify": "yellow", "ok": "green"}[triage["level"]]
    out.print(
        f"[bold]Comeback[/bold] for {d['as_of']}: {d['weeks_postpartum']} weeks after the birth"
    )
    out.print(f"[{style}]Safety: {triage['level'].upper()}[/{style}] {triage['advice']}")
    for r in d["referrals"]:
        out.print(f"[yellow]See: {r['to'].replace('_', ' ')}[/yellow]. {r['why']}")
    out.print(f"\n[bold]Phase:[/bold] {d['phase']}")
    gate = d["gate"]
    if gate["next_phase"]:
        status = "open: tomorrow moves on" if not gate["unmet"] else "still to do"
        out.print(f"Before {gate['next_phase']} ({status}):")
        for code in (*gate["unmet"], *gate["met"]):
            mark = "[green]done[/green]" if code in gate["met"] else "[yellow]todo[/yellow]"
            out.print(f"  {mark} {gate['why'][code]}")
    today = d["today"]
    title = "Today: rest day" if today["rest_day"] else "Today's session"
    if today["adjustments"]:
        title += f" (adjusted: {', '.join(today['adjustments'])})"
    changes = {p["exercise"]: p["action"].replace("_", " ") for p in d["progression"]}
    if today["exercises"]:
        table = Table(title=title)
        for col in ("exercise", "variant", "sets", "reps", "load", "change"):
            table.add_column(col)
        for e in today["exercises"]:
            change = changes.get(e["exercise"], "new")
            table.add_row(e["exercise"], e["variant"], str(e["sets"]), _reps(e), _load(e), change)
        out.print(table)
        for e in today["exercises"]:
            out.print(f"  [bold]{e['exercise']}[/bold]: {e['why']}")
    else:
        out.print(f"\n[bold]{title}[/bold]: no exercises today.")
    t = d["targets"]
    out.print(
        f"\n[bold]Targets:[/bold] protein {t['protein_g_day']} g a day, about "
        f"{t['protein_g_per_meal']} g at {t['meals_with_protein_min']} meals; "
        f"drinks {t['water_ml_day']} ml a day"
    )
    for h in d["habits"]:
        out.print(f"  - {h['advice']}")
    out.print(f"\n[dim]{d['notice']}[/dim]")


cli_data.register(app)
cli_report.register(app)
cli_calendar.register(app)
cli_interop.register(app)
cli_ops.register(app)
cli_scale.register(app)


def main(argv: list[str] | None = None) -> None:
    """Entry point: one-line errors with exit status 2, for bad input and bad usage alike."""
    command = typer.main.get_command(app)
    args = sys.argv[1:] if argv is None else argv
    try:
        code = command.main(args=args or ["--help"], prog_name="comeback", standalone_mode=False)
    except InvalidInput as e:
        _fail(f"invalid input: {e}")
    except ComebackError as e:
        _fail(str(e))
    except typer.Abort:
        _fail("aborted")
    except typer.TyperException as e:  # Typer's usage errors (unknown option, missing FILE...)
        _fail(f"usage: {e.format_message()} (see comeback --help)")
    except ValidationError as e:
        if e.title != Settings.__name__:
            raise
        _fail(f"invalid setting: {describe_invalid(e)}")
    sys.exit(code if isinstance(code, int) else 0)


def _fail(message: str) -> None:
    sys.stderr.write("error: " + " ".join(message.split()) + "\n")
    sys.exit(USAGE_ERROR)


if __name__ == "__main__":
    main()
