"""The verdict tables of docs/explanation/claims.md: every claim on every form (and per
article region, where the scenarios have regions).

Run from the repository root (the tables are printed as markdown)::

    python scripts/claims_table.py                    # 100,000 samples, seed 0
    python scripts/claims_table.py --samples 20000    # quicker

What it prints:

1. The verdict table on every form (``triangle.report.by_form``, the table ``triangle
   claims --format markdown`` prints): each claim's verdict at its scenario, or "at an
   edge" with its share of the scenario's region where the verdict changes within 2% of
   a factor's range (``triangle.point_edges``), its label and the share of the plausible
   box where it holds, on the simultaneous, US-first, China-first, Bayesian and repeated
   forms, with the deciding factors and the headline counts (findings only: structural
   verdicts and verdicts at an edge apart).
2. The number of claims that hold at their scenario on each form.
3. The structural claims, each with the reason its data give (``Claim.structural``), and
   the factors a claim names that never changed its verdict (the vacuity test).
4. Where ``triangle.scenarios[name].region`` exists (issue 9 item 4: each article's
   scenario as a sub-box of the plausible ranges), the share of each article's region in
   which each 2025 claim holds, per form.

The shares are Monte Carlo estimates over uniform samples of the box (the claim's own
scenario's box for historical claims), seeded, so two runs with the same arguments print
the same tables.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from datetime import datetime, timezone

import numpy as np

import triangle as tri
from triangle.report.by_form import NOT_APPLICABLE, by_form_markdown, claims_by_form
from triangle.verdicts.forms import available_forms
from triangle.verdicts.labels import claim_verdicts

#: The article scenarios, in article order.
ARTICLE_SCENARIOS = ("heybatov_000", "geopolitical_monitor_001", "petrenko_002", "op_ed_003",
                     "harper_004")


def _commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                             text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "triangle"],
                               capture_output=True, text=True, check=True).stdout.strip()
        return out + (" plus uncommitted changes under triangle/" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown commit"


def region_tables(n: int, seed: int) -> str | None:
    """Per form, the share of each article's region where each 2025 claim holds (markdown),
    or None when the scenarios have no regions yet."""
    scen = [tri.scenarios[s] for s in ARTICLE_SCENARIOS if s in tri.scenarios]
    if not scen or not all(hasattr(s, "region") for s in scen):
        return None
    ids = [c.id for c in tri.claims.values() if c.scenario == "baseline"]
    rng = np.random.default_rng(seed)
    # every form that judges every claim (the repeated form judges the two about time)
    forms = [f for f in available_forms() if f != "repeated"]
    shares: dict[str, dict[str, dict[str, float]]] = {f: {} for f in forms}
    for s in scen:
        box = dict(s.region)
        samples = {fid: rng.uniform(lo, hi, n) for fid, (lo, hi) in box.items()}
        for form in forms:
            out = tri.evaluate_claims(samples, ids, base=s.name, form=form)
            shares[form][s.name] = {cid: float(np.mean(v)) for cid, v in out.items()}
    blocks = []
    for form in forms:
        head = "| claim | " + " | ".join(s.name for s in scen) + " |"
        rule = "| --- | " + " | ".join("---" for _ in scen) + " |"
        rows = [f"| `{cid}` | " + " | ".join(f"{shares[form][s.name][cid]:.1%}" for s in scen)
                + " |" for cid in ids]
        blocks.append(f"{form} (share of each article's region where the claim holds):\n\n"
                      + "\n".join([head, rule, *rows]))
    return "\n\n".join(blocks)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    # the table `triangle claims --format markdown` prints: every form, the verdicts at
    # an edge marked, the labels with the searches of the docs' sizes
    rows = claims_by_form("baseline", labels=args.samples, seed=args.seed, search=4_000,
                          vacuity=1_000)
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    print(f"Generated on {when} by `python scripts/claims_table.py --samples {args.samples} "
          f"--seed {args.seed}` (commit {_commit()}).\n")
    print(by_form_markdown(rows))
    forms = [f for f in available_forms() if f in rows[0].by_form]
    print("\nThe claims that hold at their scenario (the point's verdict, at an edge or not), "
          "per form:\n\n```text")
    for form in forms:
        judged = [r for r in rows if r.by_form[form]["label"] != NOT_APPLICABLE]
        held = sum(bool(r.by_form[form]["at_scenario"]) for r in judged)
        print(f"{form}: {held} of {len(judged)}")
    print("```\n\nStructural verdicts and why (from the claims' data):\n")
    for r in rows:
        apart = [f for f in forms if r.by_form[f]["label"] == "structural"]
        if apart:
            verdict = "holds" if r.by_form[apart[0]]["at_scenario"] else "fails"
            reason = r.structural_reason or "(no reason in the data: the search found no flip)"
            print(f"- `{r.id}` ({verdict}; structural on {', '.join(apart)}): {reason}")
    # the labels' own run on the forms that judge every claim (as claims_by_form ran it),
    # for the vacuity test's findings, which its rows do not carry
    common = [f for f in forms if f != "repeated"]
    vacuity = claim_verdicts(args.samples, seed=args.seed, forms=common, search=4_000,
                             vacuity=1_000)
    vac = {r.id: list(r.vacuous) for r in vacuity if r.vacuous}
    print(f"\nNamed factors that never changed the verdict on any form: {vac or 'none'}")
    regions = region_tables(max(args.samples // 10, 1_000), args.seed)
    if regions is not None:
        print("\nPer article region:\n\n" + regions)
    else:
        print("\nPer article region: the scenarios have no regions yet (issue 9 item 4).")


if __name__ == "__main__":
    sys.exit(main())
