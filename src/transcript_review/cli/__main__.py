"""``python -m transcript_review.cli``."""

import sys

from . import main

sys.exit(main())
