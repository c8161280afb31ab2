"""Boundary failures still open in the numerics area (see tests/test_boundary.py).

``(module.callable, parameter): (owner, "kind kind ...", reason)``. Remove a line
once the entry point passes; the boundary test fails on any failure not listed.
"""

OPEN: dict[tuple[str, str], tuple[str, str, str]] = {
    ("games.compiled.cell_major", "payoffs"): (
        "NUMERICS", "complex huge inf mapping-typo masked nan negative none object set unknown-name",  # noqa: E501
        "AxisError: type or value not checked"),
    ("games.gambit.to_nfg", "path"): (
        "unowned", "complex empty huge inf mapping-typo masked nan negative object set wrong-shape",
        "TypeError: type or value not checked"),
    ("games.normal_form.NormalFormGame", "players"): (
        "NUMERICS", "huge inf nan negative object",
        "TypeError: type or value not checked"),
    ("games.normal_form.NormalFormGame", "strategies"): (
        "NUMERICS", "complex huge inf masked nan negative object set",
        "TypeError: type or value not checked"),
    ("games.normal_form.NormalFormGame", "terms"): (
        "NUMERICS", "complex inf masked nan object set",
        "accepts a meaningless value (no type/finite check)"),
    ("games.profiles.deviation_payoffs", "payoffs"): (
        "NUMERICS", "complex empty huge inf mapping-typo masked nan negative none object set unknown-name wrong-shape",  # noqa: E501
        "KeyError: type or value not checked"),
    ("games.profiles.deviation_payoffs", "player"): (
        "NUMERICS", "complex empty huge inf mapping-typo masked nan negative none object set unknown-name wrong-shape",  # noqa: E501
        "TypeError: type or value not checked"),
    ("games.profiles.deviation_payoffs", "profile"): (
        "NUMERICS", "complex huge inf masked nan negative none object set unknown-name wrong-shape",
        "TypeError: type or value not checked"),
    ("games.profiles.expected_payoffs", "payoffs"): (
        "NUMERICS", "complex empty huge inf mapping-typo masked nan negative none object set unknown-name wrong-shape",  # noqa: E501
        "KeyError: type or value not checked"),
    ("games.profiles.expected_payoffs", "profile"): (
        "NUMERICS", "complex empty huge inf mapping-typo masked nan negative none object set unknown-name wrong-shape",  # noqa: E501
        "KeyError: type or value not checked"),
    ("games.scale.check_relative_tolerance", "name"): (
        "NUMERICS", "complex inf masked nan object set",
        "accepts a meaningless value (no type/finite check)"),
    ("games.scale.payoff_spans", "payoffs"): (
        "NUMERICS", "complex empty huge inf mapping-typo masked nan negative none object set unknown-name",  # noqa: E501
        "AttributeError: type or value not checked"),
    ("games.scale.unit_payoffs", "high"): (
        "NUMERICS", "complex empty huge inf mapping-typo masked nan negative none object set unknown-name wrong-shape",  # noqa: E501
        "AttributeError: type or value not checked"),
    ("games.scale.unit_payoffs", "low"): (
        "NUMERICS", "complex empty huge inf mapping-typo masked nan negative none object set unknown-name wrong-shape",  # noqa: E501
        "AttributeError: type or value not checked"),
    ("games.scale.unit_payoffs", "payoffs"): (
        "NUMERICS", "complex empty huge inf mapping-typo masked nan negative none object set unknown-name",  # noqa: E501
        "AttributeError: type or value not checked"),
    ("games.tree.Leaf", "name"): (
        "unowned", "complex inf masked nan object set",
        "accepts a meaningless value (no type/finite check)"),
    ("solvers.bayesian.bayesian_equilibria", "method"): (
        "INFRA", "complex masked wrong-shape",
        "ValueError: type or value not checked"),
    ("solvers.bayesian.bayesian_equilibria", "tol"): (
        "INFRA", "huge",
        "AttributeError: type or value not checked"),
    ("solvers.bayesian.interim_regret", "strategy"): (
        "INFRA", "complex masked set wrong-shape",
        "AttributeError: type or value not checked"),
    ("solvers.bayesian.is_bayesian_equilibrium", "strategy"): (
        "INFRA", "complex masked set wrong-shape",
        "AttributeError: type or value not checked"),
    ("solvers.equilibria.equilibria", "method"): (
        "NUMERICS", "complex masked wrong-shape",
        "ValueError: type or value not checked"),
    ("solvers.pure.best_reply_mask", "layout"): (
        "NUMERICS", "complex masked wrong-shape",
        "ValueError: type or value not checked"),
    ("solvers.pure.best_reply_mask", "payoffs"): (
        "NUMERICS", "mapping-typo object set unknown-name",
        "TypeError: type or value not checked"),
    ("solvers.pure.pure_equilibria_batch", "payoffs"): (
        "NUMERICS", "mapping-typo object set unknown-name",
        "TypeError: type or value not checked"),
    ("solvers.repeated_payoff_sets.outer_approximation", "discount"): (
        "NUMERICS", "complex empty mapping-typo masked none object set unknown-name wrong-shape",
        "TypeError: type or value not checked"),
    ("solvers.repeated_thresholds.critical_hazard", "profile"): (
        "NUMERICS", "complex empty huge inf mapping-typo masked nan negative none object set unknown-name wrong-shape",  # noqa: E501
        "AttributeError: type or value not checked"),
    ("solvers.repeated_thresholds.critical_hazard", "punishment"): (
        "NUMERICS", "complex empty huge inf mapping-typo masked nan negative none object set unknown-name wrong-shape",  # noqa: E501
        "AttributeError: type or value not checked"),
    ("solvers.repeated_thresholds.critical_hazard", "threat"): (
        "NUMERICS", "complex empty huge inf mapping-typo masked nan negative none object set unknown-name wrong-shape",  # noqa: E501
        "AttributeError: type or value not checked"),
    ("solvers.repeated_thresholds.sustains", "profile"): (
        "NUMERICS", "complex empty huge inf mapping-typo masked nan negative none object set unknown-name wrong-shape",  # noqa: E501
        "AttributeError: type or value not checked"),
    ("solvers.repeated_thresholds.sustains", "punishment"): (
        "NUMERICS", "complex empty huge inf mapping-typo masked nan negative none object set unknown-name wrong-shape",  # noqa: E501
        "AttributeError: type or value not checked"),
    ("solvers.repeated_thresholds.sustains", "threat"): (
        "NUMERICS", "complex empty huge inf mapping-typo masked nan negative none object set unknown-name wrong-shape",  # noqa: E501
        "AttributeError: type or value not checked"),
    ("solvers.repeated_thresholds.threshold", "punishment"): (
        "NUMERICS", "complex masked wrong-shape",
        "ValueError: type or value not checked"),
    ("solvers.signaling_conditions.conditional_pbe", "bounds"): (
        "INFRA", "complex empty huge inf mapping-typo masked nan negative none object set unknown-name wrong-shape",  # noqa: E501
        "ValueError: type or value not checked"),
    ("solvers.support_enumeration.support_enumeration", "exact"): (
        "NUMERICS", "complex inf masked nan object set wrong-shape",
        "accepts a meaningless value (no type/finite check)"),
}
