"""The network guard: tests may reach the test databases, Redis and their own loopback servers only.

`NetworkGuard.installed()` patches, process-wide (every thread):

* `socket.socket.connect`, `connect_ex` and `sendto` (so `socket.create_connection`, urllib3 /
  requests, redis-py and `ssl` sockets too), IPv4 and IPv6: an address that is not allowed
  raises `NetworkBlocked` *before* the real call, so no packet is ever sent;
* `socket.getaddrinfo`, `gethostbyname` and `gethostbyname_ex`: resolving a name other than
  `localhost` or an allowed endpoint's host raises `NetworkBlocked` (no DNS query leaves).
  IP literals resolve without DNS and are judged when connecting.

Unix-domain sockets (and any family other than AF_INET/AF_INET6) are always allowed. libpq
(psycopg) opens its sockets in C, so database connections never pass through the guard.

Allowed: the `Endpoint`s given to the guard (the test PostgreSQL and Redis) and loopback ports
registered with `allow_loopback_port(port)` by the fixtures that start live servers. An endpoint
on a loopback host matches any loopback spelling (127.0.0.1, ::1, localhost).

Every refusal is also recorded, so a test that swallows the exception still fails: the suite's
hooks call `begin_test()` before each test and `raise_for_violations()` after it.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

__all__ = ["Endpoint", "NetworkBlocked", "NetworkGuard", "endpoint_from_url", "is_loopback"]

_INET_FAMILIES = (socket.AF_INET, socket.AF_INET6)
_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})


class NetworkBlocked(RuntimeError):
    """A test tried to reach a host it is not allowed to (raised before anything is sent)."""


@dataclass(frozen=True)
class Endpoint:
    host: str
    port: int

    def __str__(self) -> str:
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"


def endpoint_from_url(url: str, default_port: int) -> Endpoint | None:
    """The host:port a database/Redis URL connects to (None for Unix-socket URLs)."""
    parts = urlsplit(url)
    if not parts.hostname:
        return None
    return Endpoint(_normalize(parts.hostname), parts.port or default_port)


def _normalize(host: str | bytes) -> str:
    text = host.decode("ascii", "replace") if isinstance(host, bytes) else host
    return text.strip("[]").lower().rstrip(".")


def _ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host.split("%", 1)[0])  # drop an IPv6 zone id
    except ValueError:
        return None


def is_loopback(host: str | bytes) -> bool:
    """localhost, 127.0.0.0/8, ::1 and IPv4-mapped loopback (::ffff:127.0.0.1)."""
    name = _normalize(host)
    if name in _LOOPBACK_NAMES:
        return True
    ip = _ip(name)
    if ip is None:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped.is_loopback
    return ip.is_loopback


class NetworkGuard:
    def __init__(self, allowed: Iterable[Endpoint | None] = ()) -> None:
        self.endpoints: tuple[Endpoint, ...] = tuple(e for e in allowed if e is not None)
        self._loopback_ports: set[int] = set()
        self._violations: list[str] = []
        self._lock = threading.Lock()
        self._saved: dict[tuple[object, str], tuple[bool, Any]] = {}

    # ------------------------------------------------------------------ policy

    def allow_loopback_port(self, port: int) -> None:
        """Allow connections to `port` on loopback (a live server the test started) until `begin_test`."""
        with self._lock:
            self._loopback_ports.add(int(port))

    def allows(self, host: str | bytes, port: int) -> bool:
        name = _normalize(host)
        loopback = is_loopback(name)
        if loopback and port in self._loopback_ports:
            return True
        return any(
            e.port == port and (e.host == name or (loopback and is_loopback(e.host))) for e in self.endpoints
        )

    def allows_lookup(self, host: str | bytes | None) -> bool:
        """Resolving `host` needs no DNS (None, an IP literal, localhost) or is an allowed endpoint's host."""
        if host is None:
            return True
        name = _normalize(host)
        return is_loopback(name) or _ip(name) is not None or any(e.host == name for e in self.endpoints)

    def check_address(self, family: int, address: Any) -> None:
        """Raise (and record) unless `address` may be connected to / sent to."""
        if family not in _INET_FAMILIES:
            return  # AF_UNIX and friends: local by construction
        if not isinstance(address, tuple) or len(address) < 2:
            return  # malformed: let the real call raise its own error
        host, port = address[0], address[1]
        name = _normalize(host)
        if _ip(name) is None and not is_loopback(name) and not any(e.host == name for e in self.endpoints):
            # connect(("example.com", 80)) resolves in C, past the getaddrinfo patch.
            self._refuse(f"connect to {name}:{port} (a name that needs DNS)")
        if not self.allows(name, int(port)):
            self._refuse(f"connect to {Endpoint(name, int(port))}")

    def check_lookup(self, host: str | bytes | None) -> None:
        if not self.allows_lookup(host):
            self._refuse(f"DNS lookup of {_normalize(host or '')!r}")

    def _refuse(self, what: str) -> None:
        allowed = ", ".join(str(e) for e in self.endpoints) or "nothing"
        ports = ", ".join(str(p) for p in sorted(self._loopback_ports)) or "none"
        message = (
            f"network access blocked: {what}. Tests may reach only {allowed} and the loopback ports of "
            f"servers they started (registered: {ports}; use network_guard.allow_loopback_port(port))."
        )
        with self._lock:
            self._violations.append(message)
        raise NetworkBlocked(message)

    # ------------------------------------------------------------------ per test

    def begin_test(self) -> None:
        """Forget earlier violations and the previous test's loopback ports."""
        with self._lock:
            self._violations.clear()
            self._loopback_ports.clear()

    @contextmanager
    def expect_blocked(self, match: str = "") -> Iterator[None]:
        """The block must be refused (with `match` in the message); that refusal is then forgiven."""
        with self._lock:
            before = len(self._violations)
        try:
            yield
        except NetworkBlocked as exc:
            if match not in str(exc):
                raise AssertionError(f"refused, but {match!r} is not in {exc}") from exc
            with self._lock:
                del self._violations[before:]
            return
        raise AssertionError("the network guard was expected to refuse this")

    def take_violations(self) -> list[str]:
        with self._lock:
            taken, self._violations = self._violations, []
        return taken

    def raise_for_violations(self, fail: Callable[[str], object]) -> None:
        """Call `fail` (e.g. pytest.fail) with every recorded violation, if there were any."""
        violations = self.take_violations()
        if violations:
            fail("\n".join(dict.fromkeys(violations)))

    # ------------------------------------------------------------------ patching

    @property
    def active(self) -> bool:
        return bool(self._saved)

    @contextmanager
    def installed(self) -> Iterator[NetworkGuard]:
        if self.active:
            raise RuntimeError("the network guard is already installed")
        self._install()
        try:
            yield self
        finally:
            self._uninstall()

    def _patch(self, owner: object, name: str, replacement: object) -> None:
        own = name in vars(owner)
        self._saved[(owner, name)] = (own, vars(owner).get(name))
        setattr(owner, name, replacement)

    def _install(self) -> None:
        guard = self
        connect = socket.socket.connect
        connect_ex = socket.socket.connect_ex
        sendto = socket.socket.sendto
        getaddrinfo = socket.getaddrinfo
        gethostbyname = socket.gethostbyname
        gethostbyname_ex = socket.gethostbyname_ex

        def guarded_connect(self: socket.socket, address: Any) -> None:
            guard.check_address(self.family, address)
            connect(self, address)

        def guarded_connect_ex(self: socket.socket, address: Any) -> int:
            guard.check_address(self.family, address)
            return connect_ex(self, address)

        def guarded_sendto(self: socket.socket, data: Any, *args: Any) -> int:
            if args:
                guard.check_address(self.family, args[-1])
            return sendto(self, data, *args)

        def guarded_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
            guard.check_lookup(host)
            return getaddrinfo(host, *args, **kwargs)

        def guarded_gethostbyname(host: str) -> str:
            guard.check_lookup(host)
            return gethostbyname(host)

        def guarded_gethostbyname_ex(host: str) -> tuple[str, list[str], list[str]]:
            guard.check_lookup(host)
            return gethostbyname_ex(host)

        self._patch(socket.socket, "connect", guarded_connect)
        self._patch(socket.socket, "connect_ex", guarded_connect_ex)
        self._patch(socket.socket, "sendto", guarded_sendto)
        self._patch(socket, "getaddrinfo", guarded_getaddrinfo)
        self._patch(socket, "gethostbyname", guarded_gethostbyname)
        self._patch(socket, "gethostbyname_ex", guarded_gethostbyname_ex)

    def _uninstall(self) -> None:
        for (owner, name), (own, original) in reversed(self._saved.items()):
            if own:
                setattr(owner, name, original)
            else:
                delattr(owner, name)
        self._saved.clear()
