"""A user's own scenario file, as text: the one fixture the scenario and command tests edit."""

MINE = """
[[scenario]]
name = "mine"
title = "Mine"
description = "A calibration of my own."

[[scenario.override]]
factor = "sanctions_relief"
value = 0.9
provenance = "assumed"
reason = "Washington lifts most sanctions."
"""
