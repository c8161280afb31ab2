"""The verdict tables of docs/explanation/claims.md: every claim on every form (and per
article region, where the scenarios have regions).

Run from the repository root (the tables are printed as markdown)::

    python scripts/claims_table.py                    # 100,000 samples, seed 0
    python scripts/claims_table.py --samples 20000    # quicker

What it prints:

1. The verdict table per form (``triangle.verdicts.labels.verdicts_markdown``): each
   claim's verdict at its scenario, its label and the share of the plausible box where it
   holds, on the simultaneous, US-first and China-first forms; structural rows last.
2. The headline counts per form (findings only: structural claims apart) and the number of
   claims that hold at their scenario on each form.
3. The structural claims, each with the reason its data give (``Claim.structural``).
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
from triangle.verdicts.forms import FORMS
from triangle.verdicts.labels import claim_verdicts, headline, verdicts_markdown

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
    shares: dict[str, dict[str, dict[str, float]]] = {f: {} for f in FORMS}
    for s in scen:
        box = dict(s.region)
        samples = {fid: rng.uniform(lo, hi, n) for fid, (lo, hi) in box.items()}
        for form in FORMS:
            out = tri.evaluate_claims(samples, ids, base=s.name, form=form)
            shares[form][s.name] = {cid: float(np.mean(v)) for cid, v in out.items()}
    blocks = []
    for form in FORMS:
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
    rows = claim_verdicts(args.samples, seed=args.seed)
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    print(f"Generated on {when} by `python scripts/claims_table.py --samples {args.samples} "
          f"--seed {args.seed}` (commit {_commit()}).\n")
    print(verdicts_markdown(rows))
    print("\nHeadline counts (findings only; structural claims apart), and the claims that hold "
          "at their scenario:\n\n```text")
    for form in FORMS:
        at = sum(r.by_form[form].at_scenario for r in rows)
        print(f"{form}: {headline(rows, form)}; hold at their scenario: {at} of {len(rows)}")
    print("```\n\nStructural verdicts and why (from the claims' data):\n")
    for r in rows:
        forms = [f for f in FORMS if r.by_form[f].label == "structural"]
        if forms:
            claim = tri.claims[r.id]
            verdict = "holds" if r.by_form[forms[0]].at_scenario else "fails"
            reason = claim.structural or "(no reason in the data: the search found no flip)"
            print(f"- `{r.id}` ({verdict}; structural on {', '.join(forms)}): {reason}")
    vac = {r.id: list(r.vacuous) for r in rows if r.vacuous}
    print(f"\nNamed factors that never changed the verdict on any form: {vac or 'none'}")
    regions = region_tables(max(args.samples // 10, 1_000), args.seed)
    if regions is not None:
        print("\nPer article region:\n\n" + regions)
    else:
        print("\nPer article region: the scenarios have no regions yet (issue 9 item 4).")


if __name__ == "__main__":
    sys.exit(main())
