"""Safe default: without sign-in the server listens on loopback only (.streamlit/config.toml).

When it is started on another address with no ``[auth]``, anyone who can reach that address sees every
model and data: the server log gets a warning once and every page a banner.
"""

from __future__ import annotations

import ipaddress
import sys
from functools import lru_cache

import streamlit as st

from dashboard.language import N_, gettext

WARNING = N_("This Trustboard listens on {address} without sign-in: anyone who can reach that address sees every model "
             "and its data. Set up sign-in ([auth] in secrets.toml, see the README's 'Sign-in') or start it on "
             "127.0.0.1.")  # the server log keeps English; the page shows it in the reader's language


def loopback(address: str | None) -> bool:
    """True for an address only this machine can reach (an empty address means every interface)."""
    if not address:
        return False
    if address.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip("[]")).is_loopback
    except ValueError:  # a host name: it may resolve to anything
        return False


def exposed(signed_in_required: bool) -> str | None:
    """The address the server listens on when that is beyond loopback without sign-in, else None."""
    address = st.get_option("server.address")
    if signed_in_required or loopback(address):
        return None
    return address or "every network address"


def warn_if_exposed(signed_in_required: bool) -> None:
    """A banner on this page, and the warning printed to the server log once per process."""
    address = exposed(signed_in_required)
    if address is None:
        return
    _print_once(WARNING.format(address=address))
    st.warning(gettext(WARNING, address=address), icon=":material/public:")


@lru_cache(maxsize=1)
def _print_once(text: str) -> None:
    print(f"WARNING: {text}", file=sys.stderr, flush=True)
