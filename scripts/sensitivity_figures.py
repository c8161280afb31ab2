"""Draw the figures of docs/tutorial/sensitivity.md into docs/images/.

Run from the repository root:  python scripts/sensitivity_figures.py
Every figure is computed here from the simultaneous model at the registry's baselines
and plausible ranges (seeded), so rerunning after a model change refreshes them.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np

import triangle as tri
from triangle import sensitivity as sens
from triangle.sensitivity import outcomes

OUT = Path(__file__).resolve().parent.parent / "docs" / "images"


def save(ax, name: str) -> None:
    ax.figure.savefig(OUT / name, dpi=110, bbox_inches="tight")
    plt.close(ax.figure)
    print("wrote", OUT / name)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    g = tri.models.simultaneous()
    base = tri.factors.baseline()
    given = {"US": "condition", "China": "hold"}

    # Russia's best reply to conditional engagement (China holding), beyond the ranges
    relief = tri.factors["sanctions_relief"]
    autonomy = tri.factors["strategic_autonomy"]
    m = sens.regime_map(
        g, "sanctions_relief", "strategic_autonomy",
        outcome=outcomes.responses(g, "Russia", given),
        x_values=np.linspace(0, 4, 161), y_values=np.linspace(0, 3, 121),
        allow_out_of_range=True,
    )
    ax = m.plot(mark=(base["sanctions_relief"], base["strategic_autonomy"]))
    ax.axvspan(relief.low, relief.high, color="white", alpha=0.25, lw=0)
    ax.axhline(autonomy.low, color="white", lw=0.8, ls="--")
    ax.axhline(autonomy.high, color="white", lw=0.8, ls="--")
    ax.set_title("Russia's best reply to conditional engagement (China holds)\n"
                 "shaded: plausible range of sanctions relief; x: baseline")
    save(ax, "sensitivity_regime_best_reply.png")

    # the equilibria over Beijing's unease and conditionality (since China's reward became a
    # conditional offer, 7741cf9, only conditionality changes them within the ranges)
    m2 = sens.regime_map(g, "beijing_unease", "conditionality", resolution=101)
    ax = m2.plot(mark=(base["beijing_unease"], base["conditionality"]))
    save(ax, "sensitivity_regime_equilibria.png")

    # one factor at a time: Russia's gain from pivoting rather than staying
    pivot = outcomes.gap(g, "Russia", "pivot", "stay", given)
    save(sens.tornado(g, pivot).plot(top=12), "sensitivity_tornado.png")

    # global: Sobol' indices of the same gap over all plausible ranges
    s = sens.sobol_indices(g, pivot, n=1024, seed=0)
    save(s.plot(top=12), "sensitivity_sobol.png")
    mo = sens.morris_indices(g, pivot, trajectories=64, seed=0)
    save(mo.plot(top=10), "sensitivity_morris.png")

    # every claim's robustness
    table = sens.claim_robustness(100_000, seed=0)
    save(table.plot(), "sensitivity_robustness.png")


if __name__ == "__main__":
    main()
