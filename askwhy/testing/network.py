"""A no-network guard for tests: connecting to anything but this machine raises.

    with no_network():
        ...                      # 127.0.0.1, ::1, localhost and Unix sockets still work

In pytest, as an autouse fixture (tests/conftest.py does this):

    @pytest.fixture(autouse=True)
    def no_network_fixture():
        with no_network():
            yield

The guard patches `socket.socket.connect`, `connect_ex` and `sendto` (raw sockets, httpx,
asyncio and urllib all end there) and `socket.getaddrinfo` (so a remote host name is not
even looked up). It covers this process only, not subprocesses.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})


class NetworkBlockedError(RuntimeError):
    """A test tried to reach a host other than this machine."""

    def __init__(self, host: object, port: object = None):
        self.host = host
        self.port = port
        where = f"{host}:{port}" if port is not None else str(host)
        super().__init__(
            f"Network access to {where} is blocked in tests (askwhy.testing.no_network): only "
            "loopback addresses (127.0.0.1, ::1, localhost) are allowed. Script the model or "
            "serve a fake on 127.0.0.1 instead."
        )


def is_local_host(host: object) -> bool:
    """True for loopback addresses, localhost names, and the empty / wildcard host."""
    if host is None or host == "":
        return True
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return False
    name = host.strip("[]").split("%", 1)[0].lower()  # [::1] and fe80::1%eth0 forms
    if name in LOCAL_NAMES or name.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False  # a host name other than localhost: never resolved, never allowed
    mapped = getattr(address, "ipv4_mapped", None)
    return address.is_loopback or (mapped is not None and mapped.is_loopback)


def _check(address: Any) -> None:
    """Raise unless `address` (a socket address) is local. Unix socket paths are local."""
    if isinstance(address, (str, bytes)):
        return  # AF_UNIX path
    if isinstance(address, tuple) and address:
        host = address[0]
        if not is_local_host(host):
            raise NetworkBlockedError(host, address[1] if len(address) > 1 else None)


@contextmanager
def no_network() -> Iterator[None]:
    """Within the block, any connection to a non-loopback address raises NetworkBlockedError."""
    cls = socket.socket
    original = {
        "connect": cls.connect,
        "connect_ex": cls.connect_ex,
        "sendto": cls.sendto,
    }
    original_getaddrinfo = socket.getaddrinfo

    def connect(self: socket.socket, address: Any) -> Any:
        _check(address)
        return original["connect"](self, address)

    def connect_ex(self: socket.socket, address: Any) -> Any:
        _check(address)
        return original["connect_ex"](self, address)

    def sendto(self: socket.socket, data: Any, *args: Any) -> Any:
        _check(args[-1] if args else None)  # sendto(data, address) / (data, flags, address)
        return original["sendto"](self, data, *args)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if not is_local_host(host):
            raise NetworkBlockedError(host, args[0] if args else kwargs.get("port"))
        return original_getaddrinfo(host, *args, **kwargs)

    cls.connect = connect  # type: ignore[method-assign]
    cls.connect_ex = connect_ex  # type: ignore[method-assign]
    cls.sendto = sendto  # type: ignore[method-assign]
    socket.getaddrinfo = getaddrinfo
    try:
        yield
    finally:
        cls.connect = original["connect"]  # type: ignore[method-assign]
        cls.connect_ex = original["connect_ex"]  # type: ignore[method-assign]
        cls.sendto = original["sendto"]  # type: ignore[method-assign]
        socket.getaddrinfo = original_getaddrinfo


def no_network_fixture() -> Iterator[None]:
    """The guard as a pytest fixture body: `pytest.fixture(autouse=True)(no_network_fixture)`."""
    with no_network():
        yield
