"""The course's benchmarks: ``python -m benchmarks.run`` (or ``make bench``) writes docs/performance.md.

- ``benchmarks.course``: every lesson executed with nbclient, against notebooks that only import
  the course's packages (the floor every lesson pays).
- ``benchmarks.explorers``: for every explorer, the time from setting a control to the new figure,
  against a naive full redraw of the same figure.
- ``benchmarks.solvers``: ``ridge_path`` and ``loo_mse`` against scikit-learn's ``Ridge`` and ``RidgeCV``.
"""
