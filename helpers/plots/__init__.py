"""Plotting functions: they take arrays (never models) and draw on the axes they are given.

One module per topic; the lessons import from the module, for example
``from helpers.plots.style import course_style``.
"""
