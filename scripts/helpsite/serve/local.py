"""Run the production nginx configuration on loopback, for tests and benchmarks.

    with serve_directory(Path("site")) as served:
        print(served.https)
"""

from __future__ import annotations

import contextlib
import functools
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from helpsite.serve import nginx as nginx_config


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@functools.cache
def certificate() -> tuple[Path, Path]:
    """A throwaway self-signed certificate for 127.0.0.1."""
    folder = Path(tempfile.mkdtemp(prefix="help-tls-"))
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                    "-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem")], check=True, capture_output=True)
    return folder / "cert.pem", folder / "key.pem"


@dataclass
class Served:
    https: str  # base URL of the site
    http: str  # the plain-HTTP port, which only redirects
    access_log: Path  # nginx's requests, one line each
    events_log: Path  # the pages' events (POST /events)
    error_log: Path


@contextlib.contextmanager
def serve_directory(directory: Path, **options):
    """Serve a built site with the production nginx configuration over HTTPS (`options`: of site_conf)."""
    prefix = Path(tempfile.mkdtemp(prefix="help-nginx-"))
    https, http, sink = free_port(), free_port(), free_port()
    cert, key = certificate()
    site = nginx_config.site_conf(Path(directory).resolve(), cert, key, https_port=https, http_port=http,
                                  address="127.0.0.1", site_host=f"127.0.0.1:{https}", sink_port=sink,
                                  events_log=prefix / "events.log",
                                  site_log=prefix / "access.log", **options)
    (prefix / "nginx.conf").write_text(nginx_config.standalone_conf(prefix, site), encoding="utf-8")
    with running(prefix, https):
        yield Served(f"https://127.0.0.1:{https}/", f"http://127.0.0.1:{http}/", prefix / "access.log", prefix / "events.log",
                     prefix / "error.log")


@contextlib.contextmanager
def running(prefix: Path, port: int):
    """nginx with `prefix`/nginx.conf in the foreground, once it listens on `port`; stopped on leaving."""
    server = subprocess.Popen([shutil.which("nginx") or "/usr/sbin/nginx", "-p", str(prefix), "-c", str(prefix / "nginx.conf")],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 10
    while True:
        if server.poll() is not None:
            raise RuntimeError(f"nginx did not start: {server.stderr.read()}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                break
        if time.monotonic() > deadline:
            raise RuntimeError("nginx did not listen in 10 s")
        time.sleep(0.05)
    try:
        yield server
    finally:
        server.terminate()
        server.wait(timeout=10)
