"""The lessons' interactive explorers, one module per explorer, built on ``base.Explorer``."""

from .base import Explorer, new_figure

__all__ = ["Explorer", "new_figure"]
