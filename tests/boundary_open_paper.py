"""Boundary failures still open in the paper area (see tests/test_boundary.py).

``(module.callable, parameter): (owner, "kind kind ...", reason)``. Remove a line
once the entry point passes; the boundary test fails on any failure not listed.

What is left are valid calls, not bad input: with ``claims_=None`` (every claim) and a
valid seed, :func:`~triangle.verdicts.labels.claim_verdicts` labels all 34 claims on
every form at the default ``search=4000`` and ``vacuity=1000``, about 6 s of CPU even at
``n=4`` (13 s under cProfile: ``claim_verdicts(4, seed=5)``, most of it judging the
search points). ``claim_robustness`` is in the boundary test's ``SKIP`` for the same
reason; listing ``claim_verdicts`` and ``verdicts_json`` there (test_boundary.py is not
PAPER's file) would close these lines.
"""

OPEN: dict[tuple[str, str], tuple[str, str, str]] = {
    ("verdicts.labels.claim_verdicts", "claims_"): (
        "PAPER", "none",
        "valid call (every claim at the default search sizes): seconds by design"),
    ("verdicts.labels.claim_verdicts", "seed"): (
        "PAPER", "huge",
        "valid call (a large seed, every claim at the default search sizes): seconds"),
    ("verdicts.labels.verdicts_json", "claims_"): (
        "PAPER", "none",
        "valid call (every claim at the default search sizes): seconds by design"),
    ("verdicts.labels.verdicts_json", "seed"): (
        "PAPER", "huge",
        "valid call (a large seed, every claim at the default search sizes): seconds"),
}
