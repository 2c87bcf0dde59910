"""No network, ever: the suite-wide guard really bites, and the commands run under it.

``tests/conftest.py`` patches ``socket`` so that any connection or name lookup raises
``NetworkUsed`` in every test. These tests prove the guard itself works (a test that passes under
a guard that does nothing proves nothing), run the command-line tools in-process under it, and
check that no module of the app even imports a networking API.
"""

from __future__ import annotations

import importlib.util
import re
import socket
import urllib.request

import pytest

from mbc_reader import cli

from ..conftest import REPO, SEEDS

SEED_ID = "000_af7ffd754fc95063"


@pytest.mark.parametrize(
    "attempt",
    [
        lambda: socket.create_connection(("127.0.0.1", 9), timeout=1),
        lambda: socket.socket(socket.AF_INET, socket.SOCK_STREAM).connect(("127.0.0.1", 9)),
        lambda: socket.socket(socket.AF_INET, socket.SOCK_STREAM).connect_ex(("127.0.0.1", 9)),
        lambda: socket.socket(socket.AF_INET6, socket.SOCK_STREAM).connect(("::1", 9)),
        lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM).connect(("8.8.8.8", 53)),
        lambda: socket.getaddrinfo("www.cancer.gov", 443),
        lambda: socket.gethostbyname("www.cancer.gov"),
        lambda: urllib.request.urlopen("http://127.0.0.1:9/", timeout=1),
        lambda: urllib.request.urlopen("https://www.cancer.gov/", timeout=1),
    ],
    ids=["create_connection", "connect", "connect_ex", "ipv6", "udp", "getaddrinfo", "gethostbyname", "urlopen-ip", "urlopen-name"],
)
def test_the_guard_fails_any_connection_or_lookup(attempt):
    with pytest.raises(AssertionError, match="network"):  # NetworkUsed is an AssertionError
        attempt()


def test_local_socketpairs_still_work():
    """Qt's event loop wakes itself with a local socketpair: that is not network use."""
    a, b = socket.socketpair()
    with a, b:
        a.sendall(b"ping")
        assert b.recv(4) == b"ping"


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_runs_offline(capsys):
    code, out, err = _run(capsys, "check", "--content", str(SEEDS))
    assert code == 0, err
    assert "1 articles for patients" in out


def test_check_json_runs_offline(capsys):
    code, out, _ = _run(capsys, "check", "--content", str(SEEDS), "--json")
    assert code == 0 and '"articles"' in out


def test_render_runs_offline(capsys):
    code, out, err = _run(capsys, "render", SEED_ID, "--content", str(SEEDS))
    assert code == 0, err
    assert "<h1" in out and "http" in out  # outside addresses are shown as text/links, never fetched


def test_review_runs_offline(capsys):
    code, _out, err = _run(capsys, "review", "--content", str(SEEDS))
    assert code == 0, err


def test_pack_list_runs_offline(capsys):
    code, _out, err = _run(capsys, "pack", "list")
    assert code == 0, err


def _has_command(name: str) -> bool:
    return importlib.util.find_spec(f"mbc_reader.commands.{name}") is not None


@pytest.mark.skipif(not _has_command("search"), reason="this build has no search command yet")
def test_index_and_search_run_offline(capsys):
    if _has_command("index"):
        code, _out, err = _run(capsys, "index", "--content", str(SEEDS), "--procs", "1")
        assert code == 0, err
    code, out, err = _run(capsys, "search", "lymph nodes", "--content", str(SEEDS))
    assert code == 0, err
    assert out.strip()


@pytest.mark.skipif(not _has_command("export"), reason="this build has no export command yet")
def test_export_runs_offline(capsys, tmp_path):
    pytest.importorskip("PySide6")
    out_pdf = tmp_path / "take-home.pdf"
    code, _out, err = _run(capsys, "export", SEED_ID, "--content", str(SEEDS), "--pdf", str(out_pdf))
    assert code == 0, err
    assert out_pdf.read_bytes().startswith(b"%PDF")


NETWORK_APIS = re.compile(
    r"^\s*(?:import|from)\s+(?:socket|ssl|urllib\.request|urllib3|http\.client|http\.server|requests|httpx|aiohttp|"
    r"ftplib|smtplib|poplib|imaplib|telnetlib|xmlrpc|webbrowser|socketserver|asyncio\.streams)\b"
    r"|QtNetwork|QNetworkAccessManager|QNetworkRequest|QTcpSocket|QUdpSocket|QWebEngine|QDesktopServices|openUrl\(",
    re.M,
)


def test_no_module_of_the_app_uses_a_network_api():
    """Belt and braces: the guard catches what runs in tests; this catches what the tests never run."""
    offenders = []
    for path in sorted((REPO / "src" / "mbc_reader").rglob("*.py")):
        for m in NETWORK_APIS.finditer(path.read_text(encoding="utf-8")):
            offenders.append(f"{path.relative_to(REPO)}: {m.group(0).strip()}")
    assert not offenders, offenders
