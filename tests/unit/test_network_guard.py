"""The network guard (tests/support/network.py, installed by tests/conftest.py).

Every refused connection raises before the real socket call, so nothing here sends a packet.
192.0.2.0/24 and 2001:db8::/32 are documentation ranges; timeouts bound the damage if the guard
were ever bypassed.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.network import Endpoint, NetworkGuard, endpoint_from_url, is_loopback

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "address",
    [("192.0.2.1", 80), ("10.255.255.1", 80), ("127.0.0.1", 1), ("8.8.8.8", 53)],
    ids=["test-net", "private", "unregistered-loopback-port", "public-dns"],
)
def test_ipv4_connects_elsewhere_are_refused_before_connecting(
    network_guard: NetworkGuard, address: tuple[str, int]
) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        with network_guard.expect_blocked(f"connect to {address[0]}:{address[1]}"):
            sock.connect(address)
        with network_guard.expect_blocked():
            sock.connect_ex(address)
    with network_guard.expect_blocked():
        socket.create_connection(address, timeout=0.5)


def test_the_real_connect_is_never_called(monkeypatch: pytest.MonkeyPatch) -> None:
    """A refusal happens before the original socket.connect runs: no SYN is ever sent."""
    calls: list[object] = []
    monkeypatch.setattr(socket.socket, "connect", lambda self, address: calls.append(address))
    guard = NetworkGuard([Endpoint("127.0.0.1", 5432)])
    with guard.installed(), socket.socket() as sock:
        with guard.expect_blocked():
            sock.connect(("192.0.2.1", 80))
        sock.connect(("127.0.0.1", 5432))  # allowed: reaches the (fake) real connect
    assert calls == [("127.0.0.1", 5432)]


def test_ipv6_connects_elsewhere_are_refused(network_guard: NetworkGuard) -> None:
    try:
        sock = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    except OSError:
        pytest.skip("no IPv6 sockets here")
    with sock:
        sock.settimeout(0.5)
        with network_guard.expect_blocked("2001:db8::1"):
            sock.connect(("2001:db8::1", 80, 0, 0))
        with network_guard.expect_blocked():
            sock.connect(("::ffff:192.0.2.1", 80, 0, 0))


def test_udp_sendto_elsewhere_is_refused(network_guard: NetworkGuard) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock, network_guard.expect_blocked():
        sock.sendto(b"x", ("192.0.2.1", 53))


def test_dns_lookups_other_than_localhost_are_refused(network_guard: NetworkGuard) -> None:
    with network_guard.expect_blocked("DNS lookup of 'example.com'"):
        socket.getaddrinfo("example.com", 443)
    with network_guard.expect_blocked("DNS lookup"):
        socket.gethostbyname("example.com")
    with network_guard.expect_blocked("DNS lookup"):
        socket.create_connection(("example.com", 80), timeout=0.5)
    with socket.socket() as sock, network_guard.expect_blocked("needs DNS"):
        sock.connect(("example.com", 80))  # would resolve in C: refused by name
    assert socket.getaddrinfo("localhost", 80)
    assert socket.getaddrinfo("192.0.2.1", 80)  # a literal needs no DNS; connecting is judged later


def test_a_swallowed_refusal_is_still_recorded(network_guard: NetworkGuard) -> None:
    with contextlib.suppress(Exception):  # what a careless library might do
        socket.create_connection(("192.0.2.1", 80), timeout=0.5)
    violations = network_guard.take_violations()  # taken, so this test itself passes
    assert len(violations) == 1 and "192.0.2.1:80" in violations[0]


def test_registered_loopback_server_is_allowed_and_others_are_not(network_guard: NetworkGuard) -> None:
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
        with network_guard.expect_blocked():
            socket.create_connection(("127.0.0.1", port), timeout=2)
        network_guard.allow_loopback_port(port)
        for host in ("127.0.0.1", "localhost"):
            with socket.create_connection((host, port), timeout=2):
                server.accept()[0].close()


def test_unix_sockets_are_always_allowed(tmp_path: Path) -> None:
    path = str(tmp_path / "s.sock")
    if len(path) > 100:
        pytest.skip("tmp path too long for AF_UNIX")
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(path)
        server.listen(1)
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.connect(path)


def test_the_test_databases_and_redis_stay_reachable(network_guard: NetworkGuard) -> None:
    from tests.conftest import PG_ADMIN_URL, REDIS_URL

    for url, port in ((PG_ADMIN_URL, 5432), (REDIS_URL, 6379)):
        endpoint = endpoint_from_url(url, port)
        assert endpoint is not None
        assert network_guard.allows(endpoint.host, endpoint.port)


def test_policy_without_patching(tmp_path: Path) -> None:
    guard = NetworkGuard([Endpoint("127.0.0.1", 5432), Endpoint("db", 5432), None])
    assert guard.allows("::1", 5432) and guard.allows("localhost", 5432) and guard.allows("db", 5432)
    assert not guard.allows("127.0.0.1", 5433)
    assert not guard.allows("10.0.0.5", 5432)
    assert guard.allows_lookup("db") and guard.allows_lookup(None)
    assert not guard.allows_lookup("db.example.com")
    guard.check_address(socket.AF_UNIX, str(tmp_path / "x.sock"))  # never refused
    with guard.expect_blocked():
        guard.check_address(socket.AF_INET6, ("2001:db8::1", 5432, 0, 0))
    assert is_loopback("::ffff:127.0.0.1") and not is_loopback("::ffff:192.0.2.1")


INNER_TESTS = """
import socket

def test_connects_out():
    socket.create_connection(("192.0.2.1", 80), timeout=0.5).close()

def test_connects_out_and_swallows_the_error():
    try:
        socket.create_connection(("10.255.255.1", 80), timeout=0.5)
    except Exception:
        pass

def test_connects_out_from_a_thread():
    import threading
    def work():
        try:
            socket.create_connection(("192.0.2.1", 443), timeout=0.5)
        except Exception:
            pass
    t = threading.Thread(target=work)
    t.start()
    t.join()

def test_resolves_a_name_and_swallows_the_error():
    try:
        socket.getaddrinfo("example.com", 443)
    except Exception:
        pass

def test_talks_to_its_own_registered_server(network_guard):
    with socket.create_server(("127.0.0.1", 0)) as server:
        network_guard.allow_loopback_port(server.getsockname()[1])
        socket.create_connection(server.getsockname(), timeout=2).close()

def test_stays_local():
    a, b = socket.socketpair()
    a.close()
    b.close()
"""


def test_the_suite_fails_tests_that_reach_out(tmp_path: Path) -> None:
    """A real pytest run with the suite's conftest: network users FAIL, the others pass."""
    (tmp_path / "test_inner.py").write_text(INNER_TESTS)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tests.conftest", "-p", "no:cacheprovider", "-q", "-rA",
         "--rootdir", str(tmp_path), "test_inner.py"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    out = result.stdout + result.stderr
    outcomes = {
        line.split("::")[1].split()[0]: line.split()[0]
        for line in out.splitlines()
        if line.startswith(("PASSED ", "FAILED ", "ERROR ")) and "::" in line
    }
    assert outcomes == {
        "test_connects_out": "FAILED",
        "test_connects_out_and_swallows_the_error": "FAILED",
        "test_connects_out_from_a_thread": "FAILED",
        "test_resolves_a_name_and_swallows_the_error": "FAILED",
        "test_talks_to_its_own_registered_server": "PASSED",
        "test_stays_local": "PASSED",
    }, out
    assert result.returncode == 1, out
    assert "network access blocked: connect to 10.255.255.1:80" in out
    assert "DNS lookup of 'example.com'" in out
