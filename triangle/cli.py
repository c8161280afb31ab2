"""The ``triangle`` command.

Each subcommand is a :class:`Command`: a name, a one-line help, a function that adds its
options to an :mod:`argparse` parser and a function that runs it and returns the exit
status. Adding one is a single :func:`register_command` call; the functions may be given
as ``"module:function"`` strings so that ``triangle --help`` stays fast (the module is
imported only when the subcommand runs or builds its parser).

Exit status: 0 on success, 1 when the package raises an error while running, 2 on a
usage error (unknown option, scenario or name; argparse's convention).

>>> main(["--version"])  # doctest: +ELLIPSIS
triangle ...
0
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from triangle import __version__
from triangle.errors import TriangleError, UnknownNameError

__all__ = ["COMMANDS", "Command", "build_parser", "main", "register_command"]

Configure = Callable[[argparse.ArgumentParser], None]
Run = Callable[[argparse.Namespace], int]


@dataclass(frozen=True)
class Command:
    """One subcommand: its name, help line, and parser and run functions.

    ``configure`` and ``run`` are callables or ``"module:function"`` strings.
    """

    name: str
    help: str
    configure: Configure | str
    run: Run | str
    description: str = ""


#: The registered subcommands, by name, in the order ``--help`` lists them.
COMMANDS: dict[str, Command] = {}


def register_command(
    name: str, help: str, configure: Configure | str, run: Run | str, description: str = ""
) -> Command:
    """Add (or replace) a subcommand of ``triangle``.

    >>> import argparse
    >>> def configure(p): p.add_argument("--who", default="world")
    >>> def run(args): print("hello", args.who); return 0
    >>> _ = register_command("hello", "say hello", configure, run)
    >>> main(["hello", "--who", "Moscow"])
    hello Moscow
    0
    >>> del COMMANDS["hello"]
    """
    command = Command(name, help, configure, run, description)
    COMMANDS[name] = command
    return command


def _resolve(fn: Callable | str) -> Callable:
    if callable(fn):
        return fn
    module, _, attr = fn.partition(":")
    return getattr(importlib.import_module(module), attr)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``triangle`` command, with every registered subcommand.

    >>> args = build_parser().parse_args(["analyze", "--scenario", "1972", "--nearest", "0"])
    >>> args.command, args.scenario, args.format, args.nearest
    ('analyze', '1972', 'text', 0)
    >>> build_parser().parse_args(["claims", "--samples", "1000"]).samples
    1000
    """
    parser = argparse.ArgumentParser(
        prog="triangle",
        description=(
            "Game theory of the US-Russia-China strategic triangle: solve the models the "
            "five 'reverse Kissinger' articles imply, check their claims, find the factors "
            "that decide."
        ),
    )
    parser.add_argument("--version", action="version", version=f"triangle {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS.values():
        p = sub.add_parser(
            command.name, help=command.help, description=command.description or command.help
        )
        _resolve(command.configure)(p)
        p.set_defaults(_run=command.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``triangle`` command with ``argv`` (default: the process arguments).

    Returns the exit status instead of exiting, so tests and notebooks can call it.

    >>> main([])  # no subcommand: print the help  # doctest: +ELLIPSIS
    usage: triangle [-h] [--version] COMMAND ...
    ...
        analyze   solve the simultaneous model at a scenario and check every claim
    ...
    0
    >>> main(["analyze", "--scenario", "baselin"])  # the message goes to stderr
    2
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, usage errors
        return int(exc.code or 0)
    if getattr(args, "_run", None) is None:
        parser.print_help()
        return 0
    try:
        return int(_resolve(args._run)(args) or 0)
    except BrokenPipeError:  # e.g. `triangle analyze | head`: the reader left, not an error
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keep Python's exit flush quiet
        return 0
    except UnknownNameError as exc:
        print(f"triangle {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except TriangleError as exc:
        print(f"triangle {args.command}: error: {exc}", file=sys.stderr)
        return 1


register_command(
    "analyze",
    "solve the simultaneous model at a scenario and check every claim",
    "triangle.analyze:configure_parser",
    "triangle.analyze:run_command",
    description=(
        "Solve the simultaneous US-Russia-China game at a scenario (the 2025 baseline by "
        "default) and report its equilibria, Russia's best response to each US move, the "
        "Dittmer configuration of each outcome, every claim's verdict with its article, and "
        "the factors nearest to changing the outcome."
    ),
)

register_command(
    "claims",
    "how robust each claim is over the plausible factor space",
    "triangle.verdicts.robustness:configure_parser",
    "triangle.verdicts.robustness:run_command",
    description=(
        "For every claim of the five articles: the share of the plausible factor space "
        "(seeded Monte Carlo, uniform over each factor's range) in which it holds, with a "
        "95% interval, and the factors that decide it (first-order Sobol' indices)."
    ),
)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
