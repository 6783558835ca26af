"""`python -m interview_dossier.cli` runs the `dossier` command."""

import sys

from .main import main

sys.exit(main())
