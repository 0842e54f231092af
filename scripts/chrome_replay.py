"""Replay the guide's Chrome steps in the installed Chromium under Xvfb (make chrome-replay, make pictures).

    python scripts/chrome_replay.py [--lang ru] [--pictures] [--record] [FLOW ...]

The engine and its options: helpsite/chrome/replay.py.
"""

import sys

from helpsite.chrome.replay import main

sys.exit(main(sys.argv[1:]))
