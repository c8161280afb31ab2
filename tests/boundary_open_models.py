"""Boundary failures still open in the models area (see tests/test_boundary.py).

``(module.callable, parameter): (owner, "kind kind ...", reason)``. Remove a line
once the entry point passes; the boundary test fails on any failure not listed.
"""

OPEN: dict[tuple[str, str], tuple[str, str, str]] = {
    ("models.configurations.model_stances", "china_punishes"): (
        "REGIONS", "complex masked wrong-shape",
        "ValueError: type or value not checked"),
    ("models.configurations.model_stances", "us_china"): (
        "REGIONS", "complex masked wrong-shape",
        "ValueError: type or value not checked"),
    ("models.dittmer.amity_game", "formation"): (
        "REGIONS", "complex masked wrong-shape",
        "ValueError: type or value not checked"),
    ("models.dittmer.amity_game", "players"): (
        "REGIONS", "huge inf nan negative none object",
        "TypeError: type or value not checked"),
    ("models.dittmer.amity_game", "role_values"): (
        "REGIONS", "complex huge inf masked nan negative object set unknown-name wrong-shape",
        "AttributeError: type or value not checked"),
    ("models.dittmer.amity_stances", "strategy"): (
        "REGIONS", "complex inf masked nan object set",
        "accepts a meaningless value (no type/finite check)"),
    ("models.dittmer.triangles", "players"): (
        "REGIONS", "complex inf masked nan object set",
        "accepts a meaningless value (no type/finite check)"),
    ("models.repeated.threshold_hazard", "punishment"): (
        "FORMS", "complex masked wrong-shape",
        "ValueError: type or value not checked"),
    ("models.repeated.threshold_hazard", "repeated"): (
        "FORMS", "complex empty huge inf mapping-typo masked nan negative object set unknown-name wrong-shape",  # noqa: E501
        "AttributeError: not a game, not checked"),
    ("models.repeated.us_russia", "china"): (
        "FORMS", "complex huge inf masked nan negative none object set wrong-shape",
        "TypeError: type or value not checked"),
    ("models.repeated.us_russia", "game"): (
        "FORMS", "complex empty huge inf mapping-typo masked nan negative object set unknown-name wrong-shape",  # noqa: E501
        "AttributeError: not a game, not checked"),
    ("models.repeated.us_russia", "horizon"): (
        "FORMS", "complex masked wrong-shape",
        "ValueError: type or value not checked"),
    ("sensitivity.batch.best_responses", "payoffs"): (
        "NUMERICS", "mapping-typo object set unknown-name",
        "TypeError: type or value not checked"),
    ("sensitivity.batch.dominated", "payoffs"): (
        "NUMERICS", "mapping-typo object set unknown-name",
        "TypeError: type or value not checked"),
    ("sensitivity.batch.solve_batch", "payoffs"): (
        "NUMERICS", "mapping-typo object set unknown-name",
        "TypeError: type or value not checked"),
    ("sensitivity.sampling.sample_factors", "method"): (
        "REGIONS", "complex masked wrong-shape",
        "ValueError: type or value not checked"),
    ("sensitivity.sampling.sample_factors", "prior"): (
        "REGIONS", "complex masked wrong-shape",
        "ValueError: type or value not checked"),
    ("sensitivity.sampling.sample_factors", "ranges"): (
        "REGIONS", "complex masked wrong-shape",
        "ValueError: type or value not checked"),
}
