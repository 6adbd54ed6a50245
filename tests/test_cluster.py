"""The recipe for serving beyond one process, with real parts: Debian's nginx caching in front of two
Datasette workers (deploy/nginx.conf, scripts/serve_cluster.py). A short run; the 20-second one with
32 clients is bench/cluster_load.py."""

import http.client
import shutil
import socket
import threading
import time
import urllib.error
import urllib.request

import pytest

from scripts.serve_cluster import cluster
from tests.request_fuzz import SECURITY_HEADERS

pytestmark = pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is installed by `make nginx` (a dependency of `make test`)")


@pytest.fixture(scope="module")
def running(real_site):
    with cluster(real_site, workers=2) as running:
        yield running


def get(url, **headers):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_pages_come_through_the_proxy_and_are_cached(running):
    first = get(running.base + "/tracker/events?_cluster=cache")
    second = get(running.base + "/tracker/events?_cluster=cache")
    assert first[0] == second[0] == 200 and first[2] == second[2]
    assert first[1]["x-cache-status"] == "MISS" and second[1]["x-cache-status"] == "HIT"
    with_cookie = get(running.base + "/tracker/events?_cluster=cache", Cookie="a=1")
    assert with_cookie[0] == 200 and with_cookie[1]["x-cache-status"] == "BYPASS"


def test_a_forged_host_is_refused_and_every_answer_has_the_security_headers(running):
    forged = get(running.base + "/tracker/events", Host="evil.example")
    assert forged[0] == 421 and b"evil.example" not in forged[2]
    for status, headers, _ in [forged, get(running.base + "/no/such/page"), get(running.base + "/tracker/events")]:
        assert all(len(headers.get_all(name) or []) == 1 for name in SECURITY_HEADERS), (status, headers)
    host, port = running.base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as connection:
        connection.sendall(b"GARBAGE\r\n\r\n")
        answer = connection.recv(65536).decode("latin-1").lower()
    assert answer.startswith("http/1.1 400") and all(name in answer for name in SECURITY_HEADERS)


def test_killing_a_worker_loses_no_request(running):
    # Rendered pages (a cookie bypasses both caches), so every request reaches a worker.
    outcomes, stop = [], threading.Event()

    pages = ["/tracker/events?_cluster=kill", "/tracker/events.csv?_stream=on&_cluster=kill", "/tracker/actors/donald-trump?_cluster=kill"]

    def client(number):
        while not stop.is_set():
            try:
                outcomes.append(get(running.base + pages[number % len(pages)], Cookie="a=1")[0])
            except (OSError, http.client.HTTPException) as error:  # refused, reset, or a truncated body
                outcomes.append(type(error).__name__)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    time.sleep(1.5)
    running.kill_worker(0)
    time.sleep(2.5)
    stop.set()
    for thread in threads:
        thread.join()
    assert running.workers[0].poll() is not None
    assert len(outcomes) >= 20 and set(outcomes) == {200}, sorted(set(outcomes))


async def test_a_streamed_csv_is_sent_whole_with_its_length(real_datasette):
    # Datasette streams CSV, headers first; held until complete, it can be retried by the proxy
    # when a worker dies while computing it, instead of reaching the client truncated.
    response = await real_datasette.client.get("/tracker/events.csv?_stream=on&_cluster=whole")
    assert response.status_code == 200
    assert response.headers["content-length"] == str(len(response.content)) and response.content.count(b"\n") > 100
