"""``python -m kg``: the ``kg`` command line."""
import sys

from .cli import main

sys.exit(main())
