"""Instructor tools: the student version of the lessons, and grading of the notebooks students hand in.

``python -m instructor`` is the command line (``cli``); no lesson imports this package. The pieces:

- ``release``: the student version of a notebook (solution regions replaced as nbgrader does);
- ``submissions``: reading what a class handed in, safely (no link is followed) and however broken;
- ``execution``: one notebook rebuilt from the course's own version, run in a sandbox that only writes
  the answers down as data, judged here by the course's checks;
- ``sandbox``: the bubblewrap sandbox and its limits; ``sandboxed/`` holds what runs inside it;
- ``gradebook``: a class of submissions graded, and one feedback file per student;
- ``tables``, ``report``: ``grades.csv`` (and Canvas's or Moodle's import format), the class report;
- ``nbgrader_checks``: checks that raise, for nbgrader's ``autograde``;
- ``authoring``, ``execute``: writing lesson cells, and re-running the lessons in place.
"""
