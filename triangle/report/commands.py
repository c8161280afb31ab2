"""The commands ``triangle claims``, ``triangle scenarios`` and ``triangle report``.

Each is a pair ``configure_*(parser)`` / ``run_*(args)`` registered in
:mod:`triangle.cli`. The scenario options and ``-o`` are the shared ones of
:mod:`triangle.cli`; :func:`triangle.cli.main` resolves the scenario (and checks any other
name the user typed) before a command runs, so that a mistake there is a usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from triangle.analyze import FORMATS as ANALYZE_FORMATS
from triangle.analyze import analyze as analyze_scenario
from triangle.cli import add_output_option, add_scenario_options, emit, load_scenario_file
from triangle.errors import unknown_name
from triangle.models.provenance import Provenance
from triangle.models.scenarios import Scenario, scenarios
from triangle.report.by_form import (
    PRIOR_NOTE,
    by_form_latex,
    by_form_markdown,
    by_form_text,
    claims_by_form,
)
from triangle.report.tables import (
    PRIOR,
    robustness_at,
    robustness_latex,
    robustness_markdown,
    scenarios_json,
    scenarios_markdown,
    scenarios_text,
)
from triangle.verdicts.edges import point_edges

__all__ = [
    "configure_analyze",
    "configure_claims",
    "configure_report",
    "configure_scenarios",
    "run_analyze",
    "run_claims",
    "run_report",
    "run_scenarios",
]


#: The most samples a command draws (the claims' labels stop there too: minutes of work).
MAX_SAMPLES = 10_000_000

#: The most grid points per axis of the report's regime map (a million points in all).
MAX_RESOLUTION = 1_000


def _whole(low: int, high: int | None = None) -> Any:
    """An argparse type: a whole number >= ``low`` (and <= ``high``), the message in the
    command's terms (``argparse`` adds the option's name).

    >>> _whole(1, 10)("11")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: expected a whole number >= 1 (at most 10); got 11 ...
    """
    want = f">= {low}" if high is None else f">= {low} (at most {high:,})"

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"expected a whole number {want}; got {text!r}") from None
        if value < low:
            raise argparse.ArgumentTypeError(f"expected a whole number {want}; got {value}")
        if high is not None and value > high:
            raise argparse.ArgumentTypeError(
                f"expected a whole number {want}; got {value:,} (more would not finish in "
                f"minutes; ask for less)")
        return value

    parse.__name__ = f"whole number >= {low}"
    return parse


def configure_analyze(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``triangle analyze`` to ``parser``.

    >>> parser = argparse.ArgumentParser(prog="triangle analyze")
    >>> configure_analyze(parser)
    >>> args = vars(parser.parse_args(["--format", "json"]))
    >>> args["scenario"], args["format"], args["nearest"], args["set_values"], args["output"]
    (None, 'json', 8, [], None)
    >>> args["labels"]
    20000
    """
    add_scenario_options(parser)
    parser.add_argument(
        "--format", default="text", choices=ANALYZE_FORMATS,
        help="text for a terminal, json for programs, markdown for a paper (default: text)",
    )
    parser.add_argument(
        "--labels", type=_whole(0, MAX_SAMPLES), default=20_000, metavar="N",
        help="samples of the plausible box for each claim's share and label on every model "
             "form (default: 20000; 0 shows the verdicts on every form at the scenario only)",
    )
    parser.add_argument(
        "--nearest", type=_whole(0), default=8, metavar="N",
        help="how many factors nearest to changing the outcome to list (default: 8; 0 skips "
             "the search, the slowest part)",
    )
    add_output_option(parser)


def run_analyze(args: argparse.Namespace, out: Any = None) -> int:
    """Run ``triangle analyze`` with parsed ``args``; print the report to ``out``; return 0.

    ``args.scenario`` is a scenario name or a :class:`~triangle.Scenario` (the command
    resolves ``--scenario``, ``--scenario-file`` and ``--set`` into one first).

    >>> import io
    >>> buffer = io.StringIO()
    >>> args = argparse.Namespace(scenario="baseline", format="markdown", nearest=0)
    >>> run_analyze(args, out=buffer), buffer.getvalue().splitlines()[0]
    (0, '## The simultaneous model at scenario `baseline`')
    """
    report = analyze_scenario(args.scenario or "baseline", nearest=args.nearest,
                     labels=getattr(args, "labels", 0))
    text = report.render(args.format)
    if out is not None:
        print(text, file=out)
    else:
        emit(text, args)
    return 0


def _scenario(args: argparse.Namespace) -> Scenario:
    chosen = getattr(args, "scenario", None)
    if isinstance(chosen, Scenario):
        return chosen
    return scenarios[chosen or "baseline"]


# --------------------------------------------------------------------- triangle claims
def configure_claims(parser: argparse.ArgumentParser) -> None:
    """Options of ``triangle claims``.

    >>> parser = argparse.ArgumentParser(prog="triangle claims")
    >>> configure_claims(parser)
    >>> args = parser.parse_args(["--samples", "500", "--format", "latex"])
    >>> args.samples, args.seed, args.format, args.scenario, args.output
    (500, 0, 'latex', None, None)
    """
    parser.add_argument("--samples", type=_whole(1, MAX_SAMPLES), default=100_000, metavar="N",
                        help="Monte Carlo samples of the factors (default 100000)")
    parser.add_argument("--seed", type=_whole(0), default=0, metavar="S",
                        help="random seed (default 0): the same seed gives the same table")
    parser.add_argument("--format", choices=("text", "markdown", "latex", "json"),
                        default="text",
                        help="text for a terminal, markdown or latex (booktabs) for a paper, "
                             "json for programs (default text)")
    parser.add_argument("--labels", type=_whole(0, MAX_SAMPLES), default=20_000, metavar="N",
                        help="samples of the plausible box for each claim's label on every "
                             "model form (default 20000; 0: the verdicts on every form at the "
                             "scenario only)")
    parser.add_argument("--progress", action="store_true", help="show a progress bar on stderr")
    add_scenario_options(parser)
    add_output_option(parser)


def _claims_json(table: Any, rows: list[Any]) -> list[dict[str, Any]]:
    """Each claim's robustness row in the scenario's region, with its row on every form
    (``by_form``, ``order_dependent``, ``deciding`` per form); the region's deciding
    factors are kept as ``deciding_in_region``."""
    by_id = {r.id: r.as_dict() for r in rows}
    out = []
    for row in table.as_dict()["claims"]:
        row["deciding_in_region"] = row.pop("deciding")
        out.append({**row, **by_id.get(row["id"], {})})
    return out


def _edge_note(edges: Any, start: str, end: str) -> str:
    """The robustness table's verdicts at the scenario that are at an edge (simultaneous
    form), said under it: they are not findings at the point."""
    ids = edges.claim_ids("simultaneous")
    if not ids:
        return ""
    return (f"{start}At an edge (the verdict at the scenario changes within "
            f"{edges.within:.0%} of a factor's range, so it is not a finding there; its share "
            f"is the finding): {', '.join(ids)}.{end}")


def run_claims(args: argparse.Namespace) -> int:
    """Print every claim's robustness at a scenario and its verdicts on every model form
    (``triangle claims``).

    >>> args = argparse.Namespace(samples=50, seed=0, format="markdown", progress=False,
    ...                           scenario="heybatov_000", labels=0)
    >>> run_claims(args)  # doctest: +ELLIPSIS
    ## Claim robustness at scenario `heybatov_000` (50 samples, seed 0)
    ...
    | `c000_pivot_unlikely_for_now` | Heybatov (2025) | ...
    ...
    ### Provenance
    ...
    0
    """
    scenario = _scenario(args)
    table = robustness_at(scenario, args.samples, seed=args.seed,
                          progress=getattr(args, "progress", False))
    prov = Provenance.collect(scenario, seed=args.seed, samples=args.samples, prior=PRIOR)
    edges = point_edges(scenario)  # the verdicts at the scenario that are at an edge
    rows = claims_by_form(scenario, labels=getattr(args, "labels", 0), seed=args.seed,
                          edges=edges)
    fmt = getattr(args, "format", "text")
    if fmt == "json":
        text = json.dumps({**table.as_dict(), "claims": _claims_json(table, rows),
                           "scenario": scenario.name, "forms": list(rows[0].by_form) if rows
                           else [], "prior_sensitivity": PRIOR_NOTE,
                           "provenance": prov.to_dict(), "edges": edges.to_dict()},
                          indent=2, ensure_ascii=False)
    elif fmt == "markdown":
        text = robustness_markdown(table, scenario=scenario.name, provenance=prov)
        text += _edge_note(edges, "\n\n*", "*")
        text += "\n\n### Claims on every model form\n\n" + by_form_markdown(rows)
    elif fmt == "latex":
        text = robustness_latex(table, scenario=scenario.name, provenance=prov)
        text += _edge_note(edges, "\n% ", "")
        text += "\n\n% Claims on every model form\n" + by_form_latex(rows)
    else:
        head = "" if scenario is scenarios["baseline"] else (
            f"At scenario {scenario.name!r}: each claim is sampled over the scenario's "
            f"plausible ranges with its model options; 'baseline' is the verdict at the "
            f"scenario.\n")
        text = (f"{head}{table.to_text()}{_edge_note(edges, chr(10), '')}\n\n"
                f"{by_form_text(rows)}\n\nProvenance: {prov.summary()}")
    emit(text, args)
    return 0


# --------------------------------------------------------------------- triangle scenarios
def _prepare_scenarios(args: argparse.Namespace) -> None:
    path = getattr(args, "scenario_file", None)
    if path is not None and not str(path).strip():
        from triangle.errors import InvalidArgumentError

        raise InvalidArgumentError("--scenario-file is empty; give the path of a TOML file.")
    args.found = load_scenario_file(path, allow_out_of_range=args.allow_out_of_range) \
        if path else None


def configure_scenarios(parser: argparse.ArgumentParser) -> None:
    """Options of ``triangle scenarios``.

    >>> parser = argparse.ArgumentParser(prog="triangle scenarios")
    >>> configure_scenarios(parser)
    >>> parser.parse_args(["--format", "json"]).format
    'json'
    """
    parser.add_argument("--format", choices=("text", "markdown", "json"), default="text",
                        help="text for a terminal, markdown for a paper, json for programs")
    parser.add_argument("--scenario-file", metavar="FILE", default=None,
                        help="also list (and check) the scenarios of your TOML file")
    parser.add_argument("--allow-out-of-range", action="store_true",
                        help="accept values outside a factor's plausible range in the file")
    add_output_option(parser)
    parser.set_defaults(_prepare=_prepare_scenarios)


def run_scenarios(args: argparse.Namespace) -> int:
    """List the scenarios (``triangle scenarios``).

    >>> run_scenarios(argparse.Namespace(format="text"))  # doctest: +ELLIPSIS
    baseline (2025): 2025 baseline
        draws on the registry's values; china_punishes='russia'
    heybatov_000 (2025): Heybatov (000): an Arctic lure, an irreversible break
        draws on Heybatov (2025); china_punishes='russia'
    ...
    0
    """
    items = list(scenarios.values())
    found = getattr(args, "found", None)
    if found is not None:
        items += [s for s in found.values() if s not in items]
    render = {"json": scenarios_json, "markdown": scenarios_markdown}.get(
        getattr(args, "format", "text"), scenarios_text)
    emit(render(items), args)
    return 0


# --------------------------------------------------------------------- triangle report
def _prepare_report(args: argparse.Namespace) -> None:
    from triangle.models.factors import factors

    for name in args.map or ():
        if name not in factors:
            err = unknown_name("factor", name, factors)
            err.args = (f"--map {name}: {err}",)
            raise err
    if args.map and args.map[0] == args.map[1]:
        from triangle.errors import InvalidArgumentError

        raise InvalidArgumentError(f"--map needs two different factors; got {args.map[0]} twice.")


def configure_report(parser: argparse.ArgumentParser) -> None:
    """Options of ``triangle report``.

    >>> parser = argparse.ArgumentParser(prog="triangle report")
    >>> configure_report(parser)
    >>> args = parser.parse_args(["--scenario", "1972", "-o", "out.html"])
    >>> args.scenario, args.output, args.samples, args.map
    ('1972', 'out.html', 2000, None)
    """
    add_scenario_options(parser)
    parser.add_argument("--samples", type=_whole(1, MAX_SAMPLES), default=2000, metavar="N",
                        help="samples for the claims' robustness (default 2000: seconds)")
    parser.add_argument("--seed", type=_whole(0), default=0, metavar="S",
                        help="random seed of the robustness samples (default 0)")
    parser.add_argument("--nearest", type=_whole(0), default=8, metavar="N",
                        help="how many factors nearest to changing the outcome to list "
                             "(default 8)")
    parser.add_argument("--map", nargs=2, metavar=("X", "Y"), default=None,
                        help="the two factors of the regime map (default: the two nearest to "
                             "changing the equilibria, else the tornado's largest)")
    parser.add_argument("--resolution", type=_whole(2, MAX_RESOLUTION), default=41, metavar="N",
                        help="grid points per axis of the regime map (default 41)")
    parser.add_argument("--progress", action="store_true", help="show a progress bar on stderr")
    add_output_option(parser, default="report.html")
    parser.set_defaults(_prepare=_prepare_report)


def run_report(args: argparse.Namespace) -> int:
    """Write the report page (``triangle report``); say where on standard error."""
    from triangle.report.page import build_report

    report = build_report(_scenario(args), samples=args.samples, seed=args.seed,
                          nearest=args.nearest,
                          regime_factors=tuple(args.map) if args.map else None,
                          resolution=args.resolution, progress=args.progress)
    page = report.to_html()
    emit(page, args)
    if args.output not in (None, "-"):
        size = len(page.encode("utf-8"))
        print(f"triangle report: wrote {args.output} ({size / 1024:.0f} kB): open it in a "
              f"browser", file=sys.stderr)
    return 0
