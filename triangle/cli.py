"""The ``triangle`` command.

Each subcommand is a :class:`Command`: a name, a one-line help, a function that adds its
options to an :mod:`argparse` parser and a function that runs it and returns the exit
status. Adding one is a single :func:`register_command` call; the functions may be given
as ``"module:function"`` strings so that a command's module is imported only when the
command runs or builds its parser.

Commands that work at a point of factor space share the scenario options
(:func:`add_scenario_options`: ``--scenario``, ``--scenario-file``, ``--set
FACTOR=VALUE``, ``--allow-out-of-range``), resolved once by :func:`scenario_from_args`
before the command runs; commands that print share ``-o/--output``
(:func:`add_output_option`, written by :func:`emit`).

Conventions (those of Unix tools and of :mod:`argparse`):

- exit status 0 only when the output was written in full;
- 2 on a usage error: an unknown option, a bad value, an unknown scenario or factor, a
  scenario file that cannot be read or is malformed. The message names the option;
- 1 on an error while running, in one line (``--debug`` adds the traceback); a broken
  pipe (``triangle analyze | head -1``), a full disk or a closed output is such an error,
  reported on standard error, never lost silently.

>>> main(["--version"])  # doctest: +ELLIPSIS
triangle ...
0
"""

from __future__ import annotations

import argparse
import errno
import fractions
import importlib
import os
import sys
import textwrap
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from triangle._version import __version__
from triangle.errors import InvalidArgumentError, TriangleError, UnknownNameError

if TYPE_CHECKING:
    from triangle.models.scenarios import Scenario, ScenarioRegistry

__all__ = [
    "COMMANDS",
    "Command",
    "add_output_option",
    "add_scenario_options",
    "build_parser",
    "emit",
    "load_scenario_file",
    "main",
    "register_command",
    "scenario_from_args",
]

Configure = Callable[[argparse.ArgumentParser], None]
Run = Callable[[argparse.Namespace], int]

#: How the Python API's words read on the command line, for messages that reach a user.
_USER_TERMS = (
    ("allow values out of range (allow_out_of_range=True)",
     "allow values out of range (--allow-out-of-range)"),
    ("allow_out_of_range=True", "--allow-out-of-range"),
    ("read with allow_out_of_range", "read with --allow-out-of-range"),
    ("choose one by name.", "choose one with --scenario."),
)


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


def _scenario_names() -> list[str]:
    from triangle.models.scenarios import scenarios

    return list(scenarios)


# --------------------------------------------------------------------- shared options
def add_scenario_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--scenario``, ``--scenario-file``, ``--set`` and ``--allow-out-of-range``.

    The command then finds the chosen :class:`~triangle.Scenario` in ``args.scenario``
    (:func:`main` resolves it before running the command; see :func:`scenario_from_args`).

    >>> parser = argparse.ArgumentParser(prog="triangle x")
    >>> add_scenario_options(parser)
    >>> args = parser.parse_args(["--set", "sanctions_relief=0.9", "--set", "hedge_depth=0.3"])
    >>> args.scenario, args.set_values
    (None, ['sanctions_relief=0.9', 'hedge_depth=0.3'])
    """
    group = parser.add_argument_group(
        "scenario", "the point of factor space: a scenario, your own file, single values"
    )
    group.add_argument(
        "--scenario", metavar="NAME", default=None,
        help=f"one of {', '.join(_scenario_names())}, or a scenario of --scenario-file "
             f"(default: baseline, or the file's only scenario); `triangle scenarios` lists them",
    )
    group.add_argument(
        "--scenario-file", metavar="FILE", default=None,
        help="read your own scenarios from a TOML file (the schema of the shipped "
             "scenarios: [[scenario]] tables with [[scenario.override]] entries)",
    )
    group.add_argument(
        "--set", metavar="FACTOR=VALUE", action="append", default=[], dest="set_values",
        help="set one factor on top of the scenario (repeatable), e.g. --set "
             "sanctions_relief=0.9",
    )
    group.add_argument(
        "--allow-out-of-range", action="store_true",
        help="accept values outside a factor's plausible range (the output marks them)",
    )


def add_output_option(parser: argparse.ArgumentParser, default: str | None = None) -> None:
    """Add ``-o/--output FILE`` (``-`` or no option: standard output; see :func:`emit`).

    >>> parser = argparse.ArgumentParser(prog="triangle x")
    >>> add_output_option(parser, default="page.html")
    >>> parser.parse_args([]).output, parser.parse_args(["-o", "-"]).output
    ('page.html', '-')
    """
    where = f"default: {default}" if default else "default: standard output"
    parser.add_argument("-o", "--output", metavar="FILE", default=default,
                        help=f"write to FILE ('-': standard output; {where})")


def _parse_set(item: str) -> tuple[str, float]:
    factor, eq, text = item.partition("=")
    factor, text = factor.strip(), text.strip()
    if not eq or not factor or not text:
        raise InvalidArgumentError(
            f"--set {item}: expected FACTOR=VALUE, for example --set sanctions_relief=0.9."
        )
    try:
        value = float(fractions.Fraction(text)) if "/" in text else float(text)
    except (ValueError, ZeroDivisionError):
        raise InvalidArgumentError(
            f"--set {item}: {text!r} is not a number; give a value such as 0.9, 1e-3 or 1/3."
        ) from None
    return factor, value


def load_scenario_file(path: str | os.PathLike[str], *, allow_out_of_range: bool = False
                       ) -> ScenarioRegistry:
    """The scenarios of ``--scenario-file``; a file that cannot be read raises
    :class:`OSError` whose message names the option and the file.

    >>> load_scenario_file("no/such/file.toml")
    Traceback (most recent call last):
    ...
    FileNotFoundError: [Errno 2] --scenario-file no/such/file.toml: no such file
    """
    from triangle.models.scenarios import ScenarioRegistry

    try:
        return ScenarioRegistry.from_toml(os.fspath(path), allow_out_of_range=allow_out_of_range)
    except FileNotFoundError:
        raise FileNotFoundError(errno.ENOENT, f"--scenario-file {path}: no such file") from None
    except TriangleError as exc:  # malformed: the option first, then file, entry and field
        message = str(exc)
        where = "" if message.startswith(os.fspath(path)) else f"{os.fspath(path)}: "
        raise type(exc)(f"--scenario-file {where}{message}") from None
    except OSError as exc:
        raise OSError(exc.errno, f"--scenario-file {path}: cannot read it "
                                 f"({exc.strerror or exc})") from None


def scenario_from_args(args: argparse.Namespace) -> Scenario:
    """The scenario that ``--scenario``, ``--scenario-file`` and ``--set`` choose.

    Raises the package's errors (with the option in the message) for an unknown name or
    factor, a value out of range without ``--allow-out-of-range``, a malformed file;
    :class:`OSError` for a file that cannot be read. :func:`main` reports them as usage
    errors (exit status 2).

    >>> args = argparse.Namespace(scenario="1972", scenario_file=None,
    ...                           set_values=["hedge_depth=0.3"], allow_out_of_range=False)
    >>> s = scenario_from_args(args)
    >>> s.name, s.base, s.values["hedge_depth"]
    ('1972+set', '1972', 0.3)
    """
    from triangle.models.scenarios import Scenario, scenarios

    allow = bool(getattr(args, "allow_out_of_range", False))
    name = getattr(args, "scenario", None)
    path = getattr(args, "scenario_file", None)
    chosen: Scenario | None = name if isinstance(name, Scenario) else None
    if isinstance(name, str) and not name.strip():
        raise InvalidArgumentError(
            "--scenario is empty; give a scenario name (`triangle scenarios` lists them)."
        )
    if path is not None and not str(path).strip():
        raise InvalidArgumentError("--scenario-file is empty; give the path of a TOML file.")
    if chosen is None and path:
        found = load_scenario_file(path, allow_out_of_range=allow)
        if name is None and len(found) > 1:
            raise InvalidArgumentError(
                f"--scenario-file {path} holds {len(found)} scenarios ({', '.join(found)}); "
                f"choose one with --scenario."
            )
        if name is None or name in found:
            chosen = found[name] if name else next(iter(found.values()))
        elif name not in scenarios:
            from triangle.errors import unknown_name

            raise unknown_name("scenario", name, [*found, *scenarios])
    if chosen is None:
        chosen = scenarios[name or "baseline"]
    texts = list(getattr(args, "set_values", None) or ())
    items = [_parse_set(item) for item in texts]
    if not items:
        return chosen
    given: dict[str, float] = {}
    for text, (factor, value) in zip(texts, items):
        if factor in given and given[factor] != value:
            raise InvalidArgumentError(
                f"--set {factor} is given twice ({given[factor]:g} and {value:g}); give it once."
            )
        try:  # one at a time, so that the message names the --set that is wrong, as typed
            chosen.with_values({factor: value}, allow_out_of_range=allow)
        except TriangleError as exc:
            raise type(exc)(f"--set {text.strip()}: {exc}") from None
        given[factor] = value
    return chosen.with_values(
        given, name=f"{chosen.name}+set", reason="set on the command line (--set)",
        allow_out_of_range=allow,
    )


def emit(text: str, args: argparse.Namespace | None = None) -> None:
    """Write a command's output: to ``args.output`` when given, else to standard output.

    Errors are raised, not swallowed: :class:`BrokenPipeError` when the reader has gone,
    :class:`OSError` (its ``strerror`` says what and where) when the disk is full or the
    output is closed, so that :func:`main` reports them and exits with status 1.

    >>> emit("hello")
    hello
    """
    if not isinstance(text, str):
        raise InvalidArgumentError(f"emit writes text; got {type(text).__name__}.")
    text = text if text.endswith("\n") else text + "\n"
    path = getattr(args, "output", None)
    if path in (None, "-"):
        out = sys.stdout
        if out is None:  # Python sets it to None when file descriptor 1 is closed
            raise OSError(errno.EBADF, "could not write the output: standard output is closed")
        try:
            out.write(text)
            out.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OSError(exc.errno, f"could not write the output: "
                                     f"{exc.strerror or exc}") from None
        return
    opened = False
    try:
        with open(path, "w", encoding="utf-8") as fh:
            opened = True
            fh.write(text)
    except OSError as exc:
        state = " (the file is incomplete)" if opened and os.path.isfile(path) else ""
        raise OSError(exc.errno, f"could not write {path}{state}: {exc.strerror or exc}") from None


# --------------------------------------------------------------------- the parser
def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``triangle`` command, with every registered subcommand.

    >>> args = build_parser().parse_args(["analyze", "--scenario", "1972", "--nearest", "0"])
    >>> args.command, args.scenario, args.format, args.nearest
    ('analyze', '1972', 'text', 0)
    >>> build_parser().parse_args(["claims", "--samples", "1000"]).samples
    1000
    """
    description = (
        "Game theory of the US-Russia-China strategic triangle: solve the models the five "
        "'reverse Kissinger' articles imply, check their claims, find the factors that decide."
    )
    epilog = (
        f"scenarios: {', '.join(_scenario_names())} (`triangle scenarios` describes them; "
        f"--scenario-file FILE reads your own). `triangle COMMAND --help` gives a command's "
        f"options."
    )
    parser = argparse.ArgumentParser(
        prog="triangle",
        # wrapped here, without breaking option names such as --scenario-file at a hyphen
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=textwrap.fill(description, 79, break_on_hyphens=False),
        epilog=textwrap.fill(epilog, 79, break_on_hyphens=False),
    )
    parser.add_argument("--version", action="version", version=f"triangle {__version__}")
    parser.add_argument("--debug", action="store_true",
                        help="on an error, print the Python traceback too")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS.values():
        p = sub.add_parser(
            command.name, help=command.help, description=command.description or command.help
        )
        _resolve(command.configure)(p)
        # SUPPRESS: a subcommand's default must not undo `triangle --debug COMMAND`
        p.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                       help="on an error, print the Python traceback too")
        p.set_defaults(_run=command.run)
    return parser


# --------------------------------------------------------------------- running
def _user_terms(message: str) -> str:
    for api, option in _USER_TERMS:
        message = message.replace(api, option)
    return message


def _report(label: str, exc: BaseException, debug: bool, prefix: str = "error") -> None:
    if debug:
        traceback.print_exception(exc)
    if isinstance(exc, OSError) and exc.strerror:
        message = exc.strerror
    else:
        message = str(exc) or type(exc).__name__
    print(f"{label}: {prefix}: {_user_terms(message)}", file=sys.stderr)


def _check_output(path: str | None) -> None:
    """Refuse ``-o`` that names a folder, or a file in a folder that does not exist, before
    any work is done (a disk that fills up while writing is reported when it happens)."""
    if path in (None, "-"):
        return
    if not str(path).strip():
        raise InvalidArgumentError("-o/--output is empty; give a file path, or - for "
                                   "standard output.")
    if os.path.isdir(path):
        raise InvalidArgumentError(f"-o {path}: is a folder; give the path of a file in it.")
    parent = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(parent):
        raise InvalidArgumentError(
            f"-o {path}: the folder {parent} does not exist; create it first, or write "
            f"elsewhere."
        )


def _silence_stdout() -> None:
    """After a failed write, point file descriptor 1 at /dev/null so that Python's flush at
    exit does not print a second error (only for the real standard output, never a test's)."""
    out = sys.stdout
    if out is None or id(out) != id(sys.__stdout__):  # id(): no narrowing to the stub type
        return
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, out.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # pragma: no cover - nothing more can be done
        pass


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``triangle`` command with ``argv`` (default: the process arguments).

    Returns the exit status instead of exiting, so tests and notebooks can call it.

    >>> main([])  # no subcommand: print the help  # doctest: +ELLIPSIS
    usage: triangle [-h] [--version] [--debug] COMMAND ...
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
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    if getattr(args, "_run", None) is None:
        parser.print_help()
        return 0
    label = f"triangle {args.command}"
    debug = bool(getattr(args, "debug", False))
    try:  # the user's input: whatever is wrong here is a usage error
        _check_output(getattr(args, "output", None))
        if hasattr(args, "set_values"):
            args.scenario = scenario_from_args(args)
        prepare = getattr(args, "_prepare", None)
        if prepare is not None:  # a command's own checks of what the user typed
            _resolve(prepare)(args)
    except (TriangleError, OSError) as exc:
        _report(label, exc, debug)
        return 2
    try:
        status = int(_resolve(args._run)(args) or 0)
        if sys.stdout is not None:
            sys.stdout.flush()
    except BrokenPipeError as exc:  # `triangle analyze | head -1`: said, never lost silently
        _silence_stdout()
        if debug:
            traceback.print_exception(exc)
        print(f"{label}: error: the output was cut short: its reader closed the pipe "
              f"(broken pipe)", file=sys.stderr)
        return 1
    except UnknownNameError as exc:
        _report(label, exc, debug)
        return 2
    except TriangleError as exc:
        _report(label, exc, debug)
        return 1
    except OSError as exc:
        _silence_stdout()
        _report(label, exc, debug)
        return 1
    except KeyboardInterrupt:
        print(f"{label}: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: one line, the traceback only on request
        if debug:
            traceback.print_exception(exc)
        hint = "" if debug else " (run again with --debug for the traceback; please report it)"
        print(f"{label}: internal error: {type(exc).__name__}: {exc}{hint}", file=sys.stderr)
        return 1
    return status


# --------------------------------------------------------------------- the commands
register_command(
    "analyze",
    "solve the simultaneous model at a scenario and check every claim",
    "triangle.report.commands:configure_analyze",
    "triangle.report.commands:run_analyze",
    description=(
        "Solve the simultaneous US-Russia-China game at a scenario (the 2025 baseline by "
        "default, a scenario file of your own, or values you --set) and report its "
        "equilibria, Russia's best response to each US move, the Dittmer configuration of "
        "each outcome, every claim's verdict with its article, the factors nearest to "
        "changing the outcome, and the provenance of the run."
    ),
)

register_command(
    "claims",
    "how robust each claim is over the plausible factor space",
    "triangle.report.commands:configure_claims",
    "triangle.report.commands:run_claims",
    description=(
        "For every claim of the five articles: the share of the plausible factor space "
        "(seeded Monte Carlo, uniform over each factor's range) in which it holds, with a "
        "95% interval, and the factors that decide it (first-order Sobol' indices). With "
        "--scenario, the claims are checked in that scenario's world (its model options "
        "and ranges) and the 'baseline' column gives the verdict at the scenario."
    ),
)

register_command(
    "scenarios",
    "list the scenarios (name, year, title, the articles they draw on)",
    "triangle.report.commands:configure_scenarios",
    "triangle.report.commands:run_scenarios",
    description=(
        "List the shipped scenarios (and those of --scenario-file, checked as the shipped "
        "ones are): name, year, title and the articles their values draw on."
    ),
)

register_command(
    "report",
    "write one standalone HTML page: equilibria, claims, robustness, charts, provenance",
    "triangle.report.commands:configure_report",
    "triangle.report.commands:run_report",
    description=(
        "Write one standalone HTML page (no network needed; figures inline as SVG) for a "
        "scenario: the equilibria, Russia's response to each US move, every claim's "
        "verdict, the claims' robustness over the plausible factor space, a tornado chart, "
        "a regime map, the nearest thresholds and the full provenance of the run."
    ),
)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
