"""Safe defaults without [auth]: the server listens on loopback only, opens without sign-in, and warns (log and
banner on every page) when it is started on another address."""

from __future__ import annotations

from pathlib import Path

import pytest
from signin_servers import ARTIFACTS, dashboard

pytestmark = pytest.mark.browser


def listening_addresses(port: int) -> set[str]:
    """The local addresses (hex, as the kernel writes them) of the sockets listening on this port."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not Path(table).exists():
            continue
        for row in Path(table).read_text().splitlines()[1:]:
            local, state = row.split()[1], row.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                found.add(address)
    return found


def test_without_sign_in_the_server_listens_on_loopback_only_and_needs_none(browser, sample_cases_built):
    if not Path("/proc/net/tcp").exists():
        pytest.skip("reads the listening sockets from /proc/net/tcp (Linux)")
    with dashboard(address=None) as (url, port, log):  # .streamlit/config.toml decides the address
        assert listening_addresses(port) == {"0100007F"}, listening_addresses(port)  # 127.0.0.1 only
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url)
        page.get_by_role("heading", level=1, name="German credit risk (random forest)").wait_for(timeout=90_000)
        assert page.get_by_role("button", name="Sign in").count() == 0
        assert page.get_by_text("without sign-in").count() == 0  # no banner on loopback
        page.close()


def test_on_another_address_without_sign_in_it_warns(browser, sample_cases_built):
    with dashboard(address="0.0.0.0") as (url, port, log):
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url)
        page.get_by_text("This Trustboard listens on 0.0.0.0 without sign-in").wait_for(timeout=90_000)
        page.get_by_role("link", name="Predictions").click()
        page.get_by_role("heading", level=1, name="Predictions").wait_for(timeout=60_000)
        assert page.get_by_text("This Trustboard listens on 0.0.0.0 without sign-in").count() == 1  # every page
        page.screenshot(path=str(ARTIFACTS / "access-exposed-banner.png"))
        page.close()
        assert "WARNING: This Trustboard listens on 0.0.0.0 without sign-in" in log.read_text()
