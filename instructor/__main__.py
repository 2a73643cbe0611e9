"""``python -m instructor release ...`` and ``python -m instructor grade ...`` (see ``instructor.cli``)."""

import sys

from .cli import main

sys.exit(main())
