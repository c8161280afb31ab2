"""Does conditional engagement separate Russia's types? The screening grids, measured.

``docs/explanation/beliefs.md`` ("Where the prior decides", the screening bullet) asks
whether a US move separates Russia's two types of the screening model (a ``realigner``
who gains nothing from exploiting US concessions, an ``opportunist`` who gains what the
registry says). This script measures it: for each US move (``engage``, ``condition`` by
default) every US type is held to that move, and the pure Bayesian Nash equilibria of the
game that is left (Russia's types and China) are computed on a grid of the opportunist
prior ``russia_opportunist_prior`` against each factor named (default
``russian_opportunism``, ``conditionality``, ``deterrence``, ``sanctions_relief`` and
``strategic_autonomy``), each axis over its plausible range, every other factor at the
scenario's value (:func:`triangle.sensitivity.prior_thresholds.prior_regime_map`, the
page's tool). It does so on two models of :mod:`triangle.models.beliefs`:
``screening()`` (only Russia's type private: the setting of the original measurement)
and ``triangle_with_beliefs()`` (the US type private too: the claims' Bayesian form).

An outcome is written player by player, the moves of Russia's types joined by ``/``
(realigner first), e.g. ``hedge/hedge, hold``; several equilibria at a grid point are
joined by `` | ``. A grid point *separates* the types when some equilibrium there has the
two Russian types move differently. The table lists, per model, US move and factor, each
outcome with its share of the grid, and where the types separate (the grid values).

Run: ``python scripts/screening_grids.py`` (the baseline, 9 x 9 grids), or e.g.
``python scripts/screening_grids.py --scenario 1972 --set russian_opportunism=1.75
--factors conditionality sanctions_relief`` (a scenario's values; ``--set`` overrides a
held value; a factor on an axis is swept whatever ``--set`` says). Nothing is typed in:
every outcome printed comes from the model as it is. ``--exact FACTOR`` first prints each
Russian type's exact gain from pivoting and from staying over hedging (China holding) as
a function of that factor (interim: averaged over the US types with the prior), and
where it is zero.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import sympy

import triangle as tri
from triangle.games.bayesian import BayesianGame
from triangle.models.beliefs import belief_values, screening, triangle_with_beliefs
from triangle.sensitivity.prior_thresholds import prior_regime_map
from triangle.sensitivity.regimes import RegimeMap

PRIOR = "russia_opportunist_prior"
FACTORS = ("russian_opportunism", "conditionality", "deterrence", "sanctions_relief",
           "strategic_autonomy")
MODELS: dict[str, Callable[[], BayesianGame]] = {
    "screening": screening,
    "triangle_with_beliefs": triangle_with_beliefs,
}


def separates(label: str) -> bool:
    """Whether some equilibrium in an outcome label has Russia's two types move apart.

    >>> separates("hedge/hedge, hold"), separates("pivot/hedge, reward | hedge/hedge, hold")
    (False, True)
    """
    for eq in label.split(" | "):
        russia = eq.split(", ")[0]
        if len(set(russia.split("/"))) > 1:
            return True
    return False


def held_values(scenario: str, overrides: Sequence[str]) -> dict[str, Any]:
    """The scenario's factor values with ``name=value`` overrides on top."""
    values: dict[str, Any] = dict(tri.scenarios[scenario].values)
    for item in overrides:
        name, sep, text = item.partition("=")
        if not sep:
            raise SystemExit(f"--set takes name=value; got {item!r}")
        values[name.strip()] = float(text)
    return values


def measure(
    model: str, us: str, factor: str, at: dict[str, Any], resolution: int
) -> RegimeMap:
    game = MODELS[model]()
    at = {k: v for k, v in at.items() if k in game.factors}
    return prior_regime_map(game, PRIOR, factor, us=us, at=at, resolution=resolution)


def where_separated(m: RegimeMap) -> str:
    """The grid values where the types separate: for each value of the factor, the priors
    (``every prior`` when the whole row separates)."""
    rows = []
    for r, y in enumerate(m.y_values):
        xs = [float(m.x_values[c]) for c in range(len(m.x_values))
              if separates(m.labels[m.regimes[r, c]])]
        if not xs:
            continue
        priors = ("every prior" if len(xs) == len(m.x_values)
                  else "prior " + ", ".join(f"{x:.3g}" for x in xs))
        rows.append(f"{m.y}={y:.4g} ({priors})")
    return "; ".join(rows)


def exact_gains(
    model: str, us: str, factor: str, at: dict[str, Any], china: str = "hold"
) -> list[str]:
    """Each Russian type's interim gain from pivoting and from staying over hedging (averaged
    over the US types with the prior), China playing ``china``, after ``us``, as an exact
    expression in ``factor`` (every other factor at ``at``, floats read as the rationals of
    their shortest decimal) and its roots."""
    game = MODELS[model]()
    values = belief_values({k: v for k, v in at.items() if k != factor}, game=game,
                           exact=True)
    values.pop(factor, None)
    sub = game.subs(values)
    a = game.actions
    rows = []
    for t, name in enumerate(game.types[1]):
        # Russia's belief about the US type (types are independent): the prior's marginal
        weights = [sympy.sympify(sub.prior[u, t, 0]) for u in range(game.n_types[0])]
        total = sum(weights)
        for move in ("pivot", "stay"):
            gain = sympy.Integer(0)
            for u, w in enumerate(weights):
                cell = (1, u, t, 0, a[0].index(us), a[1].index(move), a[2].index(china))
                hedge = (*cell[:5], a[1].index("hedge"), cell[6])
                gain += w / total * (sympy.sympify(sub.payoffs[cell])
                                     - sympy.sympify(sub.payoffs[hedge]))
            gain = sympy.simplify(gain)
            roots = sympy.solve(gain) if gain.free_symbols else []
            rows.append(f"| {model} | {us} | {name} | {move} - hedge | {gain} | "
                        f"{', '.join(map(str, roots)) or 'none'} |")
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="baseline")
    parser.add_argument("--set", nargs="*", default=[], metavar="NAME=VALUE",
                        help="override a held factor value (e.g. russian_opportunism=1.75)")
    parser.add_argument("--factors", nargs="*", default=list(FACTORS))
    parser.add_argument("--us", nargs="*", default=["engage", "condition"])
    parser.add_argument("--models", nargs="*", default=list(MODELS), choices=list(MODELS))
    parser.add_argument("--resolution", type=int, default=9)
    parser.add_argument("--exact", metavar="FACTOR",
                        help="also print each type's exact gain over hedging in FACTOR")
    args = parser.parse_args(argv)
    at = held_values(args.scenario, args.set)
    if args.exact:
        print(f"# exact gains over hedging (China holds) in {args.exact}, scenario "
              f"{args.scenario!r}" + (f" with {' '.join(args.set)}" if args.set else ""))
        print("| model | US move | Russian type | gain | in the factor | zero at |")
        print("| --- | --- | --- | --- | --- | --- |")
        for model in args.models:
            for us in args.us:
                for row in exact_gains(model, us, args.exact, at):
                    print(row)
        print()
    n = args.resolution
    print(f"# pure BNE after each US move, {PRIOR} x factor, {n} x {n} grids over the "
          f"plausible ranges, scenario {args.scenario!r}"
          + (f" with {' '.join(args.set)}" if args.set else ""))
    print("| model | US move | factor | outcomes (share of the grid) | types separate at |")
    print("| --- | --- | --- | --- | --- |")
    any_separation = False
    for model in args.models:
        for us in args.us:
            for factor in args.factors:
                m = measure(model, us, factor, at, n)
                shares = "; ".join(f"{label} ({share:.0%})"
                                   for label, share in m.share().items())
                where = where_separated(m)
                any_separation |= bool(where)
                print(f"| {model} | {us} | {factor} | {shares} | {where or 'nowhere'} |")
    print(f"\ntypes separate somewhere: {'yes' if any_separation else 'no'}")
    return 0


if __name__ == "__main__":
    np.set_printoptions(precision=4)
    sys.exit(main())
