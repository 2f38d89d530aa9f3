"""The no-network guard: connections off this machine raise, loopback servers still work."""

from __future__ import annotations

import socket
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from askwhy.testing.network import NetworkBlockedError, is_local_host, no_network


class _Hello(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server API)
        body = b"hello"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


def test_remote_addresses_and_names_are_blocked():
    with no_network():
        for address in [("10.0.0.1", 80), ("example.org", 443), ("8.8.8.8", 53)]:
            with socket.socket() as sock, pytest.raises(NetworkBlockedError, match="blocked"):
                sock.connect(address)
        with socket.socket() as sock, pytest.raises(NetworkBlockedError):
            sock.connect_ex(("10.0.0.1", 80))
        with pytest.raises(NetworkBlockedError, match="example.org"):
            socket.create_connection(("example.org", 80), timeout=1)
        with pytest.raises(NetworkBlockedError):
            socket.getaddrinfo("example.org", 80)
        with (
            socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp,
            pytest.raises(NetworkBlockedError),
        ):
            udp.sendto(b"x", ("10.0.0.1", 53))
        with pytest.raises(Exception, match="blocked"):  # urllib wraps it in URLError
            urllib.request.urlopen("http://example.org/", timeout=1)


def test_a_server_on_127_0_0_1_still_answers():
    server = HTTPServer(("127.0.0.1", 0), _Hello)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with no_network():
            url = f"http://127.0.0.1:{server.server_address[1]}/"
            assert urllib.request.urlopen(url, timeout=5).read() == b"hello"
            port = server.server_address[1]
            assert urllib.request.urlopen(f"http://localhost:{port}/", timeout=5).status == 200
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_the_guard_is_on_in_every_test_and_restores_on_exit():
    # tests/conftest.py turns it on for every test, so it is already active here.
    with socket.socket() as sock, pytest.raises(NetworkBlockedError):
        sock.connect(("10.0.0.1", 80))
    before = socket.socket.connect
    with no_network():
        assert socket.socket.connect is not before
    assert socket.socket.connect is before


@pytest.mark.parametrize(
    ("host", "local"),
    [
        ("127.0.0.1", True),
        ("127.1.2.3", True),
        ("::1", True),
        ("[::1]", True),
        ("::ffff:127.0.0.1", True),
        ("localhost", True),
        ("api.localhost", True),
        ("", True),
        ("10.0.0.1", False),
        ("0.0.0.0", False),
        ("example.org", False),
        ("localhost.example.org", False),
    ],
)
def test_what_counts_as_local(host, local):
    assert is_local_host(host) is local
