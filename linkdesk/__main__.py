"""``python -m linkdesk``."""

import sys

from linkdesk.app import main

sys.exit(main())
