"""What every page starts with: page config, sample models, navigation, and the case picker."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import streamlit as st

from dashboard import access, choices, language, links, picker
from dashboard.language import N_, _, gettext
from dashboard.settings import read_settings
from dashboard.state import current_case, ensure_samples_built
from explainers import Case
from explainers.core import privacy

ROOT = Path(__file__).resolve().parents[1]
NAV = re.compile(r"^# nav: (\d+) \| (.+?) \| (\S+)$", re.M)
# Pages (by menu label and title) and the action a role must include to use them. Since go-live watches what the
# operator opened (an upload of batches there needs access.MONITOR, checked where it is uploaded).
NEEDS = {"Compare": access.COMPARE, "Since go-live": access.VIEW, "What is it worth": access.VIEW}
# The menu labels of the "# nav:" lines, marked here so the catalogs hold them; shown through gettext(label), while
# readable paths (links.slug) and NEEDS stay on the English label.
LABELS = (N_("Model and data"), N_("Predictions"), N_("Why: what drives it"), N_("One prediction"),
          N_("What flips it"), N_("How sure"), N_("Where it fails"), N_("How robust"), N_("Data health"),
          N_("Compare"), N_("May it go live"), N_("What is it worth"), N_("Report"), N_("Since go-live"),
          N_("Glossary"))


@lru_cache(maxsize=1)
def pages() -> list[tuple[str, str, str]]:
    """(path, label, icon) of every page, in menu order, read from each page's ``# nav:`` line.

    A page joins the menu by existing: app.py and every file in views/ with such a line.
    """
    found = []
    for path in [ROOT / "app.py", *sorted((ROOT / "views").glob("*.py"))]:
        match = NAV.search(path.read_text(encoding="utf-8"))
        if match:
            found.append((int(match.group(1)), str(path.relative_to(ROOT)), match.group(2), match.group(3)))
    return [(path, label, icon) for _, path, label, icon in sorted(found)]


def route() -> None:
    """Serve every page under a readable path that matches its label (/where-it-fails) and run the one asked for;
    the home page's content is app.py's own, so for it this returns. An old address (/Single_prediction, named
    after the file) leads to the new one with its query parameters. First of all it sets the session's language
    (dashboard.language), so everything the run writes speaks it."""
    language.begin()
    entries = {path: st.Page(path, title=gettext(label), url_path=links.slug(label), default=path == "app.py")
               for path, label, _ in pages()}  # no icon: the hidden menu would fetch it from Google
    old = [st.Page(_forward(path), title=label, url_path=_old_path(path)) for path, label, _ in pages()
           if path != "app.py" and _old_path(path) != links.slug(label)]
    page = st.navigation([*entries.values(), *old], position="hidden")
    st.session_state[links.PAGE] = page.url_path
    if page is entries["app.py"]:
        return
    page.run()
    st.stop()


def _old_path(path: str) -> str:
    """The address Streamlit gave a page file before: "views/3_Single_prediction.py" -> "Single_prediction"."""
    return Path(path).stem.split("_", 1)[-1]


def _forward(path: str):
    def forward():
        st.switch_page(path, query_params=st.query_params.to_dict())
    forward.__name__ = f"forward_{_old_path(path)}"
    return forward


def page_setup(title: str) -> Case | None:
    """Configure the page, let only a person with a role past (when sign-in is on), draw navigation and the
    picker, open what the page's link names, and return the session's case."""
    st.set_page_config(page_title=f"{gettext(title)} · Trustboard", page_icon="🔎", layout="wide")
    if access.configured() and not st.user.is_logged_in:
        links.keep_for_sign_in()  # the provider sends the person back to the root: keep the view asked for
    person = access.gate(read_settings())  # stops the page before anything about a model or data is drawn
    settings = access.settings_for(person, read_settings())
    access.warn_if_exposed(access.configured())
    ensure_samples_built()
    with st.sidebar:
        st.markdown("### :material/verified_user: Trustboard")
        language.selector()
        for path, label, icon in pages():
            if label not in NEEDS or access.may(person, NEEDS[label]):
                st.page_link(path, label=gettext(label), icon=icon)
        access.signed_in_line(person)
    sources = picker.sources_for(person, settings)
    links.read(settings, sources, {links.slug(label): path for path, label, _ in pages()})
    picker.choose_case(settings, sources)
    if title in NEEDS:
        try:
            access.require_now(NEEDS[title])
        except access.Refused as refusal:
            st.title(gettext(title))
            st.warning(str(refusal), icon=":material/lock:")
            st.stop()
    case = current_case()
    privacy.hide(() if case is None else case.metadata.private, None if case is None else case.X)
    if case is not None:
        links.apply(case)
        choices.sidebar(case)
        links.copy_box(case, links.sync(case))
    return case


def require_case() -> Case:
    """The session's case, or stop the page with a pointer to the home page."""
    case = current_case()
    if case is None:
        st.info(_("Open a model and its data in the sidebar first."))
        st.stop()
    return case


def require_labels(case: Case, why: str) -> None:
    """Stop the page when the data has no labels, saying ``why`` it needs them."""
    if not case.labelled:
        st.info(_("{why} Open data that has the target column.", why=why))
        st.stop()
