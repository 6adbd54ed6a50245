"""Responses the HTTP server writes itself, before the application sees a request, carry the
security headers too: malformed HTTP, oversized headers."""

import socket

import pytest

from tests.conftest import serving
from tests.request_fuzz import SECURITY_HEADERS

MALFORMED = [
    b"GARBAGE\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
    b"GET /\x00 HTTP/1.1\r\nHost: x\r\n\r\n",
]


def raw_exchange(base, request):
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        try:
            connection.sendall(request)
        except OSError:
            pass  # the server may close before reading everything; its answer is still there
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {line.split(":", 1)[0].strip().lower() for line in lines if ":" in line}
    return int(status_line.split()[1]), headers, body


@pytest.fixture(scope="module")
def served(real_site):
    with serving(real_site) as base:
        yield base


@pytest.mark.parametrize("request_bytes", MALFORMED, ids=lambda r: r[:24].decode("latin-1").replace("\r\n", " "))
def test_malformed_http_gets_a_400_with_security_headers(served, request_bytes):
    status, headers, body = raw_exchange(served, request_bytes)
    assert status == 400
    assert set(SECURITY_HEADERS) <= headers, headers
    assert b"Traceback" not in body


# Odd but parseable: whatever the server makes of them, the answer carries the headers.
ODD = [
    b"GET /-/versions.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    b"GET / HTTP/9.9\r\nHost: x\r\nConnection: close\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Big: " + b"a" * 70000 + b"\r\n\r\n",
    b"GET /%ff%00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
]


@pytest.mark.parametrize("request_bytes", ODD, ids=lambda r: r[:24].decode("latin-1").replace("\r\n", " "))
def test_odd_requests_get_security_headers_whatever_the_answer(served, request_bytes):
    status, headers, body = raw_exchange(served, request_bytes)
    assert status < 500 and set(SECURITY_HEADERS) <= headers, (status, headers)
