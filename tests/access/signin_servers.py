"""A real sign-in for the access tests: oidc-provider-mock on loopback, and ``streamlit run app.py`` with a
secrets file holding ``[auth]`` (--secrets.files), a roles file (--roles) and an audit log (--audit-log)."""

from __future__ import annotations

import contextlib
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
PEOPLE = {"viewer": "vera@bank.example", "analyst": "ali@bank.example", "outsider": "otto@elsewhere.example",
          "claimed": "clara@partner.example"}
ROLES_FILE = (f"{PEOPLE['viewer']}: viewer\n{PEOPLE['analyst']}: analyst\n"
              "\"*@ops.bank.example\": operator\n")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def identity_provider():
    """oidc-provider-mock serving the four people (Clara's ID token claims the analyst role); yields its URL."""
    from oidc_provider_mock import User, run_server_in_thread

    users = [User(sub=email, claims={"email": email, "name": role.title(),
                                      **({"roles": ["analyst"]} if role == "claimed" else {})})
             for role, email in PEOPLE.items()]
    with run_server_in_thread(port=free_port(), user_claims=users) as server:
        yield f"http://localhost:{server.server_port}"


def wait_for_health(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Streamlit stopped; see {log}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError(f"Streamlit did not answer on {url} within 90 s; see {log}")


@contextlib.contextmanager
def dashboard(*streamlit_args: str, app_args: tuple[str, ...] = (), address: str | None = "127.0.0.1",
              port: int | None = None):
    """``streamlit run app.py`` on this (or a free) port with these options; yields (url, port, log path)."""
    ARTIFACTS.mkdir(exist_ok=True)
    port = port or free_port()
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
               "--server.port", str(port), *(["--server.address", address] if address is not None else []),
               *streamlit_args, "--", *app_args]
    log = ARTIFACTS / f"access-streamlit-{port}.log"
    with open(log, "w") as out:
        process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}"
            wait_for_health(url, process, log)
            yield url, port, log
        finally:
            process.terminate()
            process.wait(timeout=20)


@contextlib.contextmanager
def signed_in_dashboard(folder: Path, provider: str):
    """The dashboard with sign-in on (secrets file, roles file and audit log under ``folder``): (url, audit path)."""
    port = free_port()
    secrets_file, roles, audit = folder / "secrets.toml", folder / "roles.yaml", folder / "audit.jsonl"
    secrets_file.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(32)}"\n'
        'client_id = "trustboard"\nclient_secret = "test-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n', encoding="utf-8")
    roles.write_text(ROLES_FILE, encoding="utf-8")
    with dashboard("--secrets.files", str(secrets_file), port=port,
                   app_args=("--roles", str(roles), "--roles-claim", "roles", "--audit-log", str(audit))) as started:
        yield started[0], audit


def sample_words(holdout: Path) -> set[str]:
    """Column names and text values of the sample's data (values of 4+ characters, so not '1' or 'yes')."""
    frame = pd.read_csv(holdout)
    words = set(frame.columns)
    for column in frame.select_dtypes(exclude="number"):
        words |= {str(v) for v in frame[column].dropna().unique() if len(str(v)) >= 4}
    return words


class Frames:
    """Every websocket frame a page receives, as text (protobuf bytes decoded leniently)."""

    def __init__(self, page):
        self.texts: list[str] = []
        page.on("websocket", lambda ws: ws.on("framereceived", self._add))

    def _add(self, payload):
        self.texts.append(payload if isinstance(payload, str) else bytes(payload).decode("utf-8", "replace"))

    def leaked(self, words: set[str]) -> set[str]:
        joined = "\n".join(self.texts)
        return {w for w in words if w in joined}


def sign_in(page, url: str, email: str) -> None:
    """Click 'Sign in', pick the person on the provider's page, and wait for the app's first title after it."""
    page.goto(url)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name=email).click()
    page.wait_for_url(f"{url}/**", timeout=30_000)
    page.get_by_role("heading", level=1).first.wait_for(timeout=90_000)
