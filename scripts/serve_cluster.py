"""Serve the site as several identical read-only Datasette workers behind Debian's nginx (a caching
reverse proxy), all on 127.0.0.1.

    make build nginx
    .venv/bin/python scripts/serve_cluster.py [--workers 2] [--port 8001] [--site-url https://tracker.example]

The configuration is deploy/nginx.conf. nginx runs as an ordinary foreground process with every file
it writes in a temporary folder; Ctrl-C (or SIGTERM) stops nginx and the workers and removes it.
"""

import argparse
import contextlib
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from plugins.security_headers import POLICY  # noqa: E402

DATASETTE = Path(sys.executable).with_name("datasette")


def free_port():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_answering(url, process, host=None, seconds=20):
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: the process exited with status {process.returncode}")
        try:
            urllib.request.urlopen(request, timeout=1).close()
            return
        except (OSError, urllib.error.HTTPError):
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


def nginx_config(run_dir, listen_port, worker_ports, server_name):
    upstreams = "\n        ".join(f"server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;" for port in worker_ports)
    text = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    for name, value in {
        "RUN": str(run_dir),
        "LISTEN": f"127.0.0.1:{listen_port}",
        "UPSTREAMS": upstreams,
        "SERVER_NAME": server_name,
        "CSP": POLICY,
    }.items():
        text = text.replace(f"@{name}@", value)
    return text


def writable_by_nginx_workers(run_dir):
    """nginx started as root runs its workers as nobody, who must write the cache and temporary files."""
    run_dir.chmod(0o755)
    for folder in ("tmp", "cache"):
        (run_dir / folder).mkdir()
        if os.geteuid() == 0:
            nobody = pwd.getpwnam("nobody")
            os.chown(run_dir / folder, nobody.pw_uid, nobody.pw_gid)


class Cluster:
    def __init__(self, base, workers, worker_ports, nginx, run_dir):
        self.base, self.workers, self.worker_ports, self.nginx, self.run_dir = base, workers, worker_ports, nginx, run_dir

    def kill_worker(self, index):
        self.workers[index].send_signal(signal.SIGKILL)
        self.workers[index].wait(10)


@contextlib.contextmanager
def cluster(site_dir, workers=2, port=None, site_url=None):
    """nginx on 127.0.0.1:port in front of `workers` Datasette processes serving site_dir; yields a Cluster."""
    if shutil.which("nginx") is None:
        raise RuntimeError("nginx is not installed: run `make nginx`")
    run_dir = Path(tempfile.mkdtemp(prefix="tracker-cluster-"))
    port = port or free_port()
    base = f"http://127.0.0.1:{port}"
    site_url = site_url or base
    worker_ports = [free_port() for _ in range(workers)]
    processes, nginx = [], None
    try:
        for worker_port in worker_ports:
            command = [str(DATASETTE), "serve", str(site_dir), "--host", "127.0.0.1", "--port", str(worker_port)]
            process = subprocess.Popen(
                command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "TRACKER_SITE_URL": site_url}
            )
            processes.append(process)
        for worker_port, process in zip(worker_ports, processes):
            wait_until_answering(f"http://127.0.0.1:{worker_port}/-/versions.json", process)
        writable_by_nginx_workers(run_dir)
        (run_dir / "nginx.conf").write_text(nginx_config(run_dir, port, worker_ports, urlsplit(site_url).hostname), encoding="utf-8")
        nginx = subprocess.Popen(
            ["nginx", "-p", str(run_dir), "-c", str(run_dir / "nginx.conf"), "-g", "daemon off;", "-e", str(run_dir / "error.log")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        wait_until_answering(base + "/-/versions.json", nginx, host=urlsplit(site_url).netloc)
        yield Cluster(base, processes, worker_ports, nginx, run_dir)
    finally:
        for process in ([nginx] if nginx else []) + processes:
            if process.poll() is None:
                process.terminate()
        for process in ([nginx] if nginx else []) + processes:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(run_dir, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", default=str(ROOT), help="configuration directory with tracker.db (default: this checkout)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--site-url", help="the public address (default: http://127.0.0.1:PORT)")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with cluster(Path(args.site), args.workers, args.port, args.site_url) as running:
        print(f"{running.base}: nginx in front of workers on ports {', '.join(map(str, running.worker_ports))}; Ctrl-C stops", flush=True)
        try:
            running.nginx.wait()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
