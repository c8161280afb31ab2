"""1972 as a calibration target: which of its values does China's realignment need?

For each value the 1972 scenario sets, the script puts that one value back to its 2025
baseline (out of 1972's world range if need be: the counterfactual is "as in 2025") and
asks whether the courted power (China in 1972, in the "Russia" seat) still realigns with
the US. Realignment is read three ways, from weakest to strongest:

- ``reply``: pivoting is China-1972's best reply when the US conditions and the USSR holds;
- ``us_first``: the pivot is on a subgame-perfect path of the US-first tree (US, then the
  courted power, then the USSR, each seeing the earlier moves);
- ``simultaneous``: the pivot is in some pure equilibrium of the simultaneous game.

Groups of values are put back together too (the seven weights at the top of their 2025
ranges, the values without an article quote, everything but the quoted values), and the
share of 1972's own box (its region: the world's ranges, narrowed where the articles'
words narrow them) where each reading of the realignment holds is measured on uniform
samples. Every number printed comes from the model as it is; nothing is typed in.

Run: ``python scripts/ablation_1972.py [--samples N] [--seed S]``. The table in
``docs/explanation/dittmer.md`` is this script's output (checked by
``tests/models/test_dittmer.py``).
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping

import numpy as np

import triangle as tri
from triangle.models.simultaneous import PLAYERS, STRATEGIES, simultaneous
from triangle.solvers.pure import pure_equilibria_batch
from triangle.verdicts.forms import form_tree, spe_outcomes

#: The seven 1972 weights set at the top of their 2025 ranges (model review, section 1.5).
RANGE_TOP = ("sanctions_relief", "western_reengagement", "wariness_of_china",
             "junior_partner_aversion", "china_alternative_partners", "beijing_unease",
             "us_china_rivalry")

READINGS = ("reply", "us_first", "simultaneous")
PIVOT = STRATEGIES[1].index("pivot")
CONDITION = STRATEGIES[0].index("condition")
HOLD = STRATEGIES[2].index("hold")


def realignment(samples: Mapping[str, np.ndarray],
                at: tri.models.Scenario) -> dict[str, np.ndarray]:
    """Each reading of "China (1972) realigns" at K samples (others at ``at``'s values)."""
    u = tri.sweep(simultaneous(**at.options), samples, at=at, allow_out_of_range=True)
    russia = u[:, 1, CONDITION, :, HOLD]  # the courted power's payoffs, US conditions, USSR holds
    reply = russia[:, PIVOT] >= russia.max(axis=1) - 1e-9
    tree = form_tree("us_first")
    cells = tree.cells
    pay = np.stack([u[:, i, cells[:, 0], cells[:, 1], cells[:, 2]].T
                    for i in range(len(PLAYERS))])
    paths = spe_outcomes(tree, pay)  # (leaves, K)
    us_first = paths[cells[:, 1] == PIVOT].any(axis=0)
    simultaneous_ = pure_equilibria_batch(u)[:, :, PIVOT, :].any(axis=(1, 2))
    return {"reply": reply, "us_first": us_first, "simultaneous": simultaneous_}


def _at_point(values: Mapping[str, float], at: tri.models.Scenario) -> dict[str, bool]:
    out = realignment({k: np.array([v]) for k, v in values.items()}, at)
    return {k: bool(v[0]) for k, v in out.items()}


def ablation(scenario: str = "1972") -> list[tuple[str, str, dict[str, bool]]]:
    """Rows ``(change, provenance, readings)``: the point, each value back, the groups."""
    s = tri.scenarios[scenario]
    base = tri.factors.baseline()
    point = dict(s.values)
    rows = [("1972 as shipped", "", _at_point(point, s))]
    quoted = [f for f, o in s.overrides.items() if o.sources]
    for fid, o in s.overrides.items():
        if base[fid] == o.value:
            continue
        kind = "quoted" if o.sources else "no quote"
        change = f"`{fid}` {o.value:g} -> {base[fid]:g}"
        rows.append((change, kind, _at_point({**point, fid: base[fid]}, s)))
    unquoted = [f for f in s.overrides if f not in quoted]
    groups = {
        "the seven range-top weights back": list(RANGE_TOP),
        "every value without a quote back (the quoted ones kept)": unquoted,
        "every quoted value back (the unquoted ones kept)": quoted,
        "every value back (the 2025 baseline)": list(s.overrides),
    }
    for name, ids in groups.items():
        rows.append((name, "", _at_point({**point, **{f: base[f] for f in ids}}, s)))
    # sufficiency: the 2025 baseline with some of 1972's values
    adds = {
        "2025 with 1972's rift alone": ["rift_depth"],
        "2025 with 1972's quoted values": quoted,
        "2025 with 1972's values without a quote": unquoted,
    }
    for name, ids in adds.items():
        rows.append((name, "", _at_point({**base, **{f: point[f] for f in ids}}, s)))
    return rows


def box_shares(scenario: str = "1972", n: int = 20_000, seed: int = 0,
               region: bool = True) -> dict[str, float]:
    """The share of the scenario's region (or, ``region=False``, of its whole plausible
    box) where each reading holds, on uniform samples."""
    s = tri.scenarios[scenario]
    samples = (s.sample(n, seed=seed) if region
               else tri.sample_factors(n, seed=seed, ranges=s.ranges()))
    out = realignment(samples, s)
    return {k: float(np.mean(v)) for k, v in out.items()}


def markdown(n: int = 20_000, seed: int = 0) -> str:
    """The ablation table and the box shares, as the docs show them."""
    mark = {True: "yes", False: "no"}
    lines = ["| change from 1972 | value's source | pivot is the reply to condition | "
             "pivot on the US-first path | pivot in a pure equilibrium |",
             "| --- | --- | --- | --- | --- |"]
    for change, kind, r in ablation():
        lines.append(f"| {change} | {kind} | " + " | ".join(mark[r[k]] for k in READINGS) + " |")
    box = box_shares(n=n, seed=seed, region=False)
    region = box_shares(n=n, seed=seed, region=True)
    lines += ["", f"Share of 1972's own box where the courted power realigns ({n:,} uniform "
              f"samples, seed {seed}): its whole plausible box (the world's ranges), and its "
              f"region (narrowed where the articles' words narrow a range):",
              "", "| reading | plausible box | region |", "| --- | --- | --- |"]
    names = {"reply": "pivot is the reply to condition (USSR holds)",
             "us_first": "pivot on the US-first path",
             "simultaneous": "pivot in a pure equilibrium"}
    lines += [f"| {names[k]} | {100 * box[k]:.1f}% | {100 * region[k]:.1f}% |"
              for k in READINGS]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--samples", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    print(markdown(args.samples, args.seed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
