"""``python -m deploy``: serve, stop, status and render (deploy/cli.py)."""

import sys

from deploy.cli import main

sys.exit(main())
