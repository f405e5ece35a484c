"""The real sign-in flow in Chromium against oidc-provider-mock (issue 30, Done when).

One dashboard with ``[auth]`` in a secrets file passed with --secrets.files, --roles and --audit-log. A visitor
and a signed-in person without a role receive nothing of the sample data, in the page or in the websocket
frames; a viewer and an analyst, signed in at once, see what their roles allow, and the audit log names both.
"""

from __future__ import annotations

import pandas as pd
import pytest
from signin_servers import ARTIFACTS, PEOPLE, Frames, identity_provider, sample_words, sign_in, signed_in_dashboard

from dashboard.access import audit
from dashboard.text import JOINER
from sample_models.catalog import samples

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def signed_in(sample_cases_built, tmp_path_factory):
    with identity_provider() as provider, signed_in_dashboard(tmp_path_factory.mktemp("access"), provider) as started:
        yield started


@pytest.fixture(scope="module")
def secret_words(sample_cases_built):
    """What must not reach a browser before sign-in: the sample's columns, text values and every sample's title."""
    german = sample_cases_built["german_credit"]
    return sample_words(german.holdout_path) | {s.title for s in samples().values()}


def new_page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})  # its own cookies: its own person
    page = context.new_page()
    return page, Frames(page)


def shown(email: str) -> str:
    """An e-mail as the page shows it: plain text (a word joiner after "@" keeps Markdown from linking it)."""
    return email.replace("@", "@" + JOINER)


def no_mail_links(page) -> bool:
    return page.locator("a[href^='mailto:']").count() == 0


def sidebar(page):
    return page.locator("[data-testid='stSidebar']")


def visible_leaks(page, words: set[str]) -> set[str]:
    text = page.locator("body").inner_text()
    return {w for w in words if w in text}


def test_a_visitor_who_has_not_signed_in_receives_no_data(browser, signed_in, secret_words):
    url, _ = signed_in
    page, frames = new_page(browser)
    page.goto(url)
    page.get_by_role("button", name="Sign in").wait_for(timeout=60_000)
    page.wait_for_timeout(2_000)  # anything the server would still send
    page.screenshot(path=str(ARTIFACTS / "access-signed-out.png"))
    assert frames.texts, "no websocket frame was seen: the check below would prove nothing"
    assert not frames.leaked(secret_words) and not visible_leaks(page, secret_words)
    assert sidebar(page).count() == 0 and page.get_by_role("heading", level=1).inner_text() == "Trustboard"
    page.context.close()


def test_a_signed_in_person_without_a_role_sees_no_access_and_no_data(browser, signed_in, secret_words):
    url, audit_log = signed_in
    page, frames = new_page(browser)
    sign_in(page, url, PEOPLE["outsider"])
    page.get_by_role("heading", name="No access").wait_for(timeout=30_000)
    page.wait_for_timeout(2_000)
    page.screenshot(path=str(ARTIFACTS / "access-no-role.png"))
    assert not frames.leaked(secret_words) and not visible_leaks(page, secret_words)
    assert page.get_by_text(shown(PEOPLE["outsider"])).count() == 1 and sidebar(page).count() == 0
    assert no_mail_links(page)
    assert {"email": PEOPLE["outsider"], "action": "sign-in refused (no role)"}.items() <= audit.read(audit_log)[-1].items()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/oauth2/end_session**", timeout=30_000)  # signed out at the provider too
    page.goto(url)
    page.get_by_role("button", name="Sign in").wait_for(timeout=30_000)
    page.context.close()


def test_a_viewer_and_an_analyst_at_once(browser, signed_in, german, tmp_path):
    """Each sees what their role allows, the analyst's upload stays in the analyst's session, both are audited."""
    url, audit_log = signed_in
    viewer, viewer_frames = new_page(browser)
    analyst, _ = new_page(browser)
    sign_in(viewer, url, PEOPLE["viewer"])
    sign_in(analyst, url, PEOPLE["analyst"])
    for page in (viewer, analyst):
        page.get_by_role("heading", level=1, name=german.title).wait_for(timeout=60_000)

    assert sidebar(viewer).get_by_text("Upload files").count() == 0 and viewer.locator("input[type='file']").count() == 0
    assert sidebar(viewer).get_by_role("link", name="Compare").count() == 0
    sidebar(viewer).get_by_text(f"Signed in as {shown(PEOPLE['viewer'])}, viewer").wait_for()
    assert no_mail_links(sidebar(viewer))  # the e-mail is plain text, not a mailto link
    sidebar(viewer).screenshot(path=str(ARTIFACTS / "access-viewer-sidebar.png"))

    batch = tmp_path / "ali_batch.csv"
    pd.read_csv(german.holdout_path).head(120).to_csv(batch, index=False)
    sidebar(analyst).get_by_text("Upload files").click()
    analyst.locator("input[type='file']").nth(1).wait_for(state="attached", timeout=30_000)
    assert analyst.locator("input[type='file']").count() == 2  # model and data
    sidebar(analyst).locator("input[type='file']").nth(1).set_input_files(str(batch))
    sidebar(analyst).locator(f"[data-testid='stFileChip'][aria-label^='{batch.name},']").wait_for(timeout=30_000)
    sidebar(analyst).locator("[data-testid^='stBaseButton'][kind$='FormSubmit']").first.click()
    sidebar(analyst).get_by_text("120 rows").wait_for(timeout=60_000)
    assert sidebar(analyst).get_by_role("link", name="Compare").count() == 1
    sidebar(analyst).screenshot(path=str(ARTIFACTS / "access-analyst-sidebar.png"))

    viewer.reload()
    viewer.get_by_role("heading", level=1, name=german.title).wait_for(timeout=60_000)
    sidebar(viewer).get_by_text("300 rows").wait_for(timeout=30_000)  # the analyst's 120 rows are not here
    assert "ali_batch" not in viewer.locator("body").inner_text() and not viewer_frames.leaked({"ali_batch"})

    viewer.goto(f"{url}/Compare")  # the page a viewer's menu does not offer, reached by its address
    viewer.get_by_text("is a viewer and may not use Compare").wait_for(timeout=60_000)
    viewer.goto(f"{url}/Data_health")  # the reference uploader is an analyst's
    viewer.get_by_text("(e.g. the training file; optional): not available to a viewer").wait_for(timeout=90_000)
    assert viewer.locator("input[type='file']").count() == 0
    viewer.screenshot(path=str(ARTIFACTS / "access-viewer-data-health.png"))

    lines = audit.read(audit_log)
    did = {(line["email"], line["role"], line["action"]) for line in lines}
    assert {(PEOPLE["viewer"], "viewer", "sign-in"), (PEOPLE["viewer"], "viewer", "open"),
            (PEOPLE["analyst"], "analyst", "sign-in"), (PEOPLE["analyst"], "analyst", "upload"),
            (PEOPLE["viewer"], "viewer", "refused: use Compare")} <= did
    upload = next(line for line in lines if line["action"] == "upload")
    assert upload["data_file"] == batch.name and len(upload["data_sha256"]) == 64
    assert not sample_words(german.holdout_path) & set(" ".join(map(str, upload.values())).split())
    viewer.context.close()
    analyst.context.close()


def test_the_role_can_come_from_the_id_token(browser, signed_in):
    """Clara is in no roles file; her ID token's 'roles' claim (--roles-claim roles) names analyst."""
    url, _ = signed_in
    page, _ = new_page(browser)
    sign_in(page, url, PEOPLE["claimed"])
    sidebar(page).get_by_text(f"Signed in as {shown(PEOPLE['claimed'])}, analyst").wait_for(timeout=60_000)
    page.context.close()
