"""nginx's configuration of the site, rendered from nginx/help-site.conf (Jinja2: an unknown name fails),
whole for a deployment or inside a complete nginx.conf to run it locally (tests, make serve-prod)."""

from __future__ import annotations

import getpass
import re
from pathlib import Path

import jinja2

from helpsite.paths import NGINX
from helpsite import DEFAULT_LANGUAGE, LANGUAGES

from helpsite.render import device_checks

from helpsite.events import contract as events

from helpsite.render import search

from helpsite.serve import notice

# Per visit: a page sends a few events a minute; "check everything" sends seven at once.
EVENTS_RATE, EVENTS_BURST = "5r/s", 40
# Per address: an exam centre of 300 candidates behind one address, each sending ten
# events within five minutes, loses none; one client flooding is still held.
EVENTS_ADDRESS_RATE, EVENTS_ADDRESS_BURST = "50r/s", 3000
# Events in flight per address: an exam centre's 300 candidates on a congested uplink, each with one or two
# events whose bodies arrive slowly, fit (at 64, 640 of 300 x 10 such events were kept); each holds about
# 29 KB of nginx's memory with its TLS connection, 15 MB at the limit.
EVENTS_CONNECTIONS = 512
# The upload test: a page uploads one body at a time, for a few seconds; this many at once from one address
# (an exam centre's candidates testing together), each body stalling no longer than this.
UPLOAD_CONNECTIONS, UPLOAD_BODY_TIMEOUT = 32, "10s"
# Scripts that run as workers: a worker's content security policy is the one sent with its script.
WORKER_SCRIPTS = ("sw.js", search.WORKER)
# A misspelled name in the template fails here instead of reaching nginx.
TEMPLATES = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True, trim_blocks=True,
                               lstrip_blocks=True, autoescape=False)


def render(template: str, values: dict) -> str:
    return TEMPLATES.from_string(template).render(values)


def site_conf(root: Path, certificate: Path, certificate_key: Path, **options) -> str:
    """The site's server blocks (`options`: of template_values)."""
    return render((NGINX / "help-site.conf").read_text(encoding="utf-8"), template_values(root, certificate, certificate_key, **options))


def template_values(root: Path, certificate: Path, certificate_key: Path, https_port: int = 443, http_port: int = 80,
                    address: str = "", server_name: str = "_", site_host: str = "", sink_port: int = 8099,
                    events_log: Path = Path("/var/log/nginx/help-events.log"),
                    site_log: Path = Path("/var/log/nginx/help-site.log"), events_rate: str = EVENTS_RATE,
                    events_burst: int = EVENTS_BURST, events_connections: int = EVENTS_CONNECTIONS) -> dict:
    """Every name nginx/help-site.conf uses. `site_host` (default: the server name and port) is the host of the
    published site: redirects name it and events must come from its pages."""
    listen = f"{address}:" if address else ""
    site_host = site_host or server_name + ("" if https_port == 443 else f":{https_port}")
    if not site_host or site_host.startswith("_"):
        raise ValueError("give the site's host name (--server-name help.example.kz): redirects and the events' "
                         "origin check need it")
    return {
        "other_languages": [lang for lang in LANGUAGES if lang != DEFAULT_LANGUAGE],
        "http_listen": f"{listen}{http_port}", "https_listen": f"{listen}{https_port}",
        "server_name": server_name, "certificate": str(certificate), "certificate_key": str(certificate_key),
        "root": str(root), "sink_port": str(sink_port), "headers": str(NGINX / "security-headers.conf"),
        "events_endpoint": events.ENDPOINT, "events_log": str(events_log), "events_max_body": events.MAX_BODY_BYTES,
        "site_log": str(site_log),
        "events_rate": events_rate, "events_burst": events_burst, "events_address_rate": EVENTS_ADDRESS_RATE,
        "events_address_burst": EVENTS_ADDRESS_BURST, "events_connections": events_connections,
        "event_patterns": [pattern.replace("\\", "\\\\").replace('"', '\\"') for pattern in events.nginx_body_patterns(LANGUAGES)],
        "visit_parameter": events.VISIT, "visit_pattern": events.VISIT_PATTERN,
        "site_host": site_host, "site_origin": f"https://{site_host}", "upload_max_body": device_checks.UPLOAD_MAX_BODY,
        "speed_test_file": device_checks.SPEED_TEST_FILE, "upload_sink": device_checks.UPLOAD_SINK,
        "worker_scripts": "|".join(re.escape(path) for path in WORKER_SCRIPTS),
        "upload_connections": UPLOAD_CONNECTIONS, "upload_body_timeout": UPLOAD_BODY_TIMEOUT,
        "notice_file": notice.NOTICE_FILE, "notice_cache": notice.NOTICE_CACHE, "no_notice": notice.NO_NOTICE,
    }


def standalone_conf(prefix: Path, site: str) -> str:
    """A complete nginx.conf running in the foreground with every file under `prefix`."""
    return f"""daemon off;
load_module /usr/lib/nginx/modules/ngx_http_brotli_static_module.so;
user {getpass.getuser()};
worker_processes 1;
worker_rlimit_nofile 8192;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    types {{ application/javascript mjs; }}
    access_log {prefix}/access.log;
    sendfile on;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
{site}
}}
"""
