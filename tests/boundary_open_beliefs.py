"""Boundary failures still open in the beliefs area (see tests/test_boundary.py).

``(module.callable, parameter): (owner, "kind kind ...", reason)``. Remove a line
once the entry point passes; the boundary test fails on any failure not listed.
"""

OPEN: dict[tuple[str, str], tuple[str, str, str]] = {
    ("verdicts.bayesian_form.BayesianContext", "base"): (
        "BELIEFS", "complex empty huge inf mapping-typo masked nan negative none object set unknown-name wrong-shape",  # noqa: E501
        "TypeError: type or value not checked"),
    ("verdicts.bayesian_form.BayesianContext", "game"): (
        "BELIEFS", "complex empty huge inf mapping-typo masked nan negative none object set unknown-name wrong-shape",  # noqa: E501
        "AttributeError: not a game, not checked"),
    ("verdicts.bayesian_form.BayesianContext", "values"): (
        "BELIEFS", "complex huge inf masked nan negative none object set unknown-name wrong-shape",
        "TypeError: type or value not checked"),
    ("verdicts.bayesian_form.bayesian_model", "game"): (
        "BELIEFS", "complex empty huge inf mapping-typo masked nan negative object set unknown-name wrong-shape",  # noqa: E501
        "AttributeError: not a game, not checked"),
    ("verdicts.bayesian_form.prior_dependence", "n"): (
        "BELIEFS", "complex empty huge inf mapping-typo masked nan negative none object set unknown-name wrong-shape",  # noqa: E501
        "TypeError: type or value not checked"),
    ("verdicts.bayesian_form.prior_dependence", "seed"): (
        "BELIEFS", "complex huge inf mapping-typo masked nan negative none object set unknown-name wrong-shape",  # noqa: E501
        "TypeError: type or value not checked"),
    ("verdicts.priors.prior_sensitivity", "n"): (
        "BELIEFS", "huge",
        "no answer in 2 s (slow at its defaults, or unbounded)"),
    ("verdicts.priors.prior_sensitivity", "priors"): (
        "BELIEFS", "empty wrong-shape",
        "TypeError: type or value not checked"),
    ("verdicts.priors.prior_sensitivity", "region"): (
        "BELIEFS", "complex empty huge inf mapping-typo masked nan negative object set wrong-shape",
        "TypeError: type or value not checked"),
    ("verdicts.priors.prior_sensitivity", "structural"): (
        "BELIEFS", "wrong-shape",
        "TypeError: type or value not checked"),
}
