"""Instructor tools: the student version of the lessons, and grading of the notebooks students hand in.

``python -m helpers.assign`` is the command line; the pieces live in one module each:

- ``release``: the student version of a notebook (solution regions replaced as nbgrader does);
- ``submissions``: reading what a student handed in, however broken, and finding their answers;
- ``screening``: answer cells that touch the checking machinery are not run;
- ``execution``: one notebook rebuilt from the course's own version, run in a fresh kernel, its checks
  judged afterwards by the course's registry;
- ``gradebook``: a class of submissions into ``grades.csv`` and one feedback file per student.
"""
