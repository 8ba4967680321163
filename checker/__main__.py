"""``python -m confide`` runs the command line."""

import sys

from confide.cli import main

sys.exit(main())
