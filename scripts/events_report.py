"""`make report`: what fails candidates, from nginx's event logs, in the staff's language.

    python scripts/events_report.py [--lang ru|kk] [--site-url URL] [--output events-report.html] LOG [LOG ...]

The report and its options: helpsite/events/report.py.
"""

from helpsite.events.report import main

main()
