"""Render nginx/help-site.conf for a deployment, or a whole nginx.conf to run it locally.

    python scripts/nginx_config.py --root /srv/help/site --certificate CRT --certificate-key KEY > help-site.conf
    python scripts/nginx_config.py --standalone --prefix DIR ... > DIR/nginx.conf   (tests, make serve-prod)
"""

import argparse
from pathlib import Path

from helpsite.serve.nginx import site_conf, standalone_conf


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, required=True, help="the built site/ folder")
    parser.add_argument("--certificate", type=Path, required=True)
    parser.add_argument("--certificate-key", type=Path, required=True)
    parser.add_argument("--https-port", type=int, default=443)
    parser.add_argument("--http-port", type=int, default=80)
    parser.add_argument("--address", default="", help="listen address, such as 127.0.0.1")
    parser.add_argument("--server-name", default="_", help="the site's host name, e.g. help.example.kz")
    parser.add_argument("--site-host", default="", help="host[:port] visitors use, when not the server name "
                                                        "(and the HTTPS port): redirects name it, events must come from it")
    parser.add_argument("--sink-port", type=int, default=8099, help="loopback port of the upload sink")
    parser.add_argument("--site-log", type=Path, default=Path("/var/log/nginx/help-site.log"),
                        help="requests to the site, without addresses or user agents (default: %(default)s)")
    parser.add_argument("--events-log", type=Path, default=Path("/var/log/nginx/help-events.log"),
                        help="where nginx writes the pages' events (make report reads it)")
    parser.add_argument("--standalone", type=Path, metavar="PREFIX", help="print a whole nginx.conf using PREFIX for its files")
    args = parser.parse_args()
    try:
        site = site_conf(args.root.resolve(), args.certificate.resolve(), args.certificate_key.resolve(),
                         https_port=args.https_port, http_port=args.http_port, address=args.address,
                         server_name=args.server_name, site_host=args.site_host, sink_port=args.sink_port,
                         events_log=args.events_log.resolve(), site_log=args.site_log.resolve())
    except ValueError as error:
        parser.error(str(error))
    print(standalone_conf(args.standalone.resolve(), site) if args.standalone else site)


if __name__ == "__main__":
    main()
