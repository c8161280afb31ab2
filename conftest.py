"""Test-session settings shared by tests/, doctests in triangle/ and docs/."""

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# CI runs derandomised (reproducible) and a little lighter; developers explore more.
settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
# A developer's run stays quick (``python -m pytest -m "not slow"`` in under a minute);
# HYPOTHESIS_PROFILE=thorough explores far more before a release.
settings.register_profile("dev", max_examples=30, deadline=None)
settings.register_profile("thorough", max_examples=1000, deadline=None)
default_profile = "ci" if os.environ.get("CI") else "dev"
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or default_profile)


# Doctests cannot carry a mark: these each build the full report or label the claims on
# every form (seconds each), so the quick loop (``-m "not slow"``) leaves them to CI (which
# runs everything); tests/test_report.py's reports and tests/test_cli.py stand for them.
SLOW_DOCTESTS = {
    "triangle/report/__init__.py::triangle.report",
    "triangle/report/html.py::triangle.report.html.render_page",
    "triangle/report/page.py::triangle.report.page.Report.to_html",
    "triangle/report/page.py::triangle.report.page.Report.write",
    "triangle/report/page.py::triangle.report.page.figures",
    "triangle/report/page.py::triangle.report.page.page_data",
    # builds the 1972 report at 200 samples (its own labels, seconds); the report of the
    # baseline and of a user's scenario (tests/test_report.py) stand for it
    "triangle/report/page.py::triangle.report.page.build_report",
    # its --set example labels every claim on every form (--labels 20000 by default);
    # tests/test_cli.py runs analyze (text, json, --set, scenario files) in the quick loop
    "docs/tutorial/analyze.md::analyze.md",
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.nodeid in SLOW_DOCTESTS:
            item.add_marker(pytest.mark.slow)


# pyproject's addopts run the tests on every core (pytest-xdist's ``-n auto``): the quick
# loop on two cores is about twice as fast. A command that names test files (a helper's
# targeted run) stays in one process: it would spend more starting workers than it saves.
# ``-n 0`` runs in one process, ``-n 4`` on four workers; ``--pdb`` turns xdist off itself.
@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config):
    if config.args_source == pytest.Config.ArgsSource.ARGS:
        named = [Path(config.invocation_params.dir, a.split("::")[0]) for a in config.args]
        if named and all(p.is_file() for p in named):
            return 0
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return int(os.environ["PYTEST_XDIST_AUTO_NUM_WORKERS"])
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
