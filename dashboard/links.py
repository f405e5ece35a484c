"""Links that reopen a view: the page's readable path and the query parameters that name the open model and the
person's choices (issue 31 item 1).

    /where-it-fails?sample=german_credit&threshold=0.3&row=9&group=age&level=0.9
    /one-prediction?model=credit.joblib&data=holdout.csv&target=default&row=12&lang=de

``lang`` (de, fr; none for English) is read by dashboard.language at the top of every run, not here.

``sample`` is a catalogue key; ``model``/``data`` are file names the operator listed (``--model``/``--data`` or
``--model-dir``); ``row`` is the row number the row picker shows (a position, from 0). Uploads are never addressed by
a link: a view of an upload gets ``upload=<file name>`` only so that the link can say so when it is opened.

A session reads its link once, on its first run (or after sign-in, see :func:`keep_for_sign_in`): bad values are
ignored with a note on the page, never a crash. Afterwards every run writes the view back into the address bar
(:func:`sync`), so a reload or a copied address reopens what is on the screen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import quote, unquote, urlencode, urlsplit

import streamlit as st

from dashboard import access, choices, language, picker
from dashboard.language import _, count, number
from dashboard.text import md
from explainers import Case

PARAMS = ("sample", "model", "data", "target", "upload", "threshold", "row", "group", "level")
COOKIE = "trustboard_view"  # the view asked for before sign-in, kept in the browser across the provider's redirect
# Session keys of this module (dashboard/keys.py is the usual home; kept here while that file has another owner).
READ, NOTES, PAGE, CLEAR_COOKIE = "link_read", "link_notes", "link_page", "link_clear_cookie"
_PENDING = "link_pending"  # the link's choices, waiting for the case it opened
LEVELS = (0.80, 0.99)  # the sidebar's confidence slider, as fractions


def slug(label: str) -> str:
    """The readable path of a page from its menu label: "Why: what drives it" -> "why-what-drives-it"."""
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")


@dataclass(frozen=True)
class Link:
    """What a link asks for, with the problems found in reading it (``notes``: plain sentences for the page)."""

    sample: str | None = None
    model: str | None = None
    data: str | None = None
    target: str | None = None
    upload: str | None = None
    threshold: float | None = None
    row: int | None = None
    group: str | None = None
    level: float | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def empty(self) -> bool:
        return all(getattr(self, name) is None for name in PARAMS)


def parse(params) -> Link:
    """Read query parameters (a mapping of name to text) into a :class:`Link`; a value of the wrong kind is left
    out with a note (the rest of the link still applies)."""
    text = {name: str(params[name]).strip() for name in PARAMS if name in params and str(params[name]).strip()}
    notes = []
    numbers = {}
    for name, kind in (("threshold", float), ("row", int), ("level", float)):
        if name in text:
            try:
                numbers[name] = kind(float(text[name])) if kind is int and float(text[name]).is_integer() else kind(text[name])
            except ValueError:
                notes.append(_("The link's {name} “{value}” is not a number; it was ignored.", name=name, value=text[name]))
    threshold, level = numbers.get("threshold"), numbers.get("level")
    if threshold is not None and not 0 <= threshold <= 1:
        notes.append(_("The link's threshold {threshold} is not between {low} and {high}; it was ignored.",
                       threshold=number(threshold), low=count(0), high=count(1)))
        threshold = None
    if level is not None:
        level = level / 100 if level > 1 else level  # level=90 and level=0.9 both mean 90%
        if not LEVELS[0] - 1e-9 <= level <= LEVELS[1] + 1e-9:
            notes.append(_("The link's confidence level {level} is not between 80% and 99%; it was ignored.",
                           level=number(numbers["level"])))
            level = None
    return Link(sample=text.get("sample"), model=text.get("model"), data=text.get("data"), target=text.get("target"),
                upload=text.get("upload"), threshold=threshold, row=numbers.get("row"), group=text.get("group"),
                level=level, notes=tuple(notes))


def params_of(case: Case, *, threshold: float | None, row: int, group: str | None, level: float) -> dict[str, str]:
    """The query parameters that reopen this case with these choices (``threshold`` None: the model has none)."""
    source = case.source
    if "upload" in source:
        where = {"upload": str(source["upload"])}
    elif source.get("sample"):
        where = {"sample": str(source["sample"])}
    elif source.get("model") and source.get("data"):
        where = {"model": _name(source["model"]), "data": _name(source["data"])}
        if case.y is not None and case.y.name is not None:
            where["target"] = str(case.y.name)
    else:
        where = {}
    chosen = {"threshold": None if threshold is None else f"{threshold:g}", "row": str(row),
              "group": group, "level": f"{level:g}"}
    return {**where, **{k: v for k, v in chosen.items() if v is not None}}


def url(base: str, path: str, params: dict[str, str]) -> str:
    """The full address of a view: ``base`` (scheme, host and any base path), the page's path, the parameters."""
    query = urlencode(params, quote_via=quote)
    return f"{base.rstrip('/')}/{path}" + (f"?{query}" if query else "")


def base_url() -> str:
    """Scheme, host and base path of the app as this browser reaches it (a placeholder in tests without one)."""
    seen = urlsplit(st.context.url or "") if hasattr(st.context, "url") else None
    origin = f"{seen.scheme}://{seen.netloc}" if seen and seen.netloc else "http://localhost:8501"
    prefix = (st.get_option("server.baseUrlPath") or "").strip("/")
    return f"{origin}/{prefix}" if prefix else origin


def saved_view(cookies) -> tuple[str, dict[str, str]] | None:
    """The (path, parameters) kept in the browser before sign-in, or None; only a path of this app's kind."""
    value = cookies.get(COOKIE) if cookies is not None else None
    if not value:
        return None
    parts = urlsplit(unquote(value))
    path = parts.path.strip("/").rsplit("/", 1)[-1] if parts.path.strip("/") else ""
    if not re.fullmatch(r"[A-Za-z0-9_-]*", path):
        return None
    params = {}
    for pair in parts.query.split("&"):
        name, _, text = pair.partition("=")
        if name in PARAMS or name == language.PARAM:
            params[name] = unquote(text.replace("+", " "))
    return path, params


def keep_for_sign_in() -> None:
    """Before sign-in: keep this address in a short-lived browser cookie, because the identity provider sends the
    person back to the app's root. After sign-in :func:`restore_after_sign_in` reopens it."""
    asked = urlsplit(st.context.url or "").path.strip("/") if hasattr(st.context, "url") else ""
    if not asked and not st.query_params.to_dict():
        return  # the root: nothing to keep, nothing sent
    st.html("<script>document.cookie = '" + COOKIE + "=' + encodeURIComponent(location.pathname + location.search)"
            " + '; path=/; samesite=lax; expires=' + new Date(Date.now() + 900000).toUTCString();</script>",
            unsafe_allow_javascript=True)


def forget_saved_view() -> None:
    """Drop the cookie once its view has been reopened (a later visit to the root then opens the root)."""
    st.html(f"<script>document.cookie = '{COOKIE}=; path=/; samesite=lax; expires=Thu, 01 Jan 1970 00:00:00 GMT';</script>",
            unsafe_allow_javascript=True)


def _name(path) -> str:
    """A server file's listed name (its file name; an MLflow URI as given)."""
    text = str(path)
    return text if "://" in text or text.startswith(("models:/", "runs:/")) else text.replace("\\", "/").rsplit("/", 1)[-1]


def read(settings, sources: list[str], paths: dict[str, str]) -> None:
    """On a session's first run: open what its link names (its choices wait for the case, :func:`apply`). Signed in
    and sent back to the root by the identity provider, go first to the view asked for before sign-in (``paths``:
    page file by readable path)."""
    if st.session_state.get(READ):
        return
    params = st.query_params.to_dict()
    saved = saved_view(st.context.cookies) if _signed_in() else None
    if saved is not None and not params and st.session_state.get(PAGE, "") == "":  # on the root
        path, params = saved
        st.session_state[CLEAR_COOKIE] = True
        if path in paths and path:
            st.switch_page(paths[path], query_params=params)  # this session's first run there reads the link
    st.session_state[READ] = True
    link = parse(params)
    notes = [*link.notes, *picker.open_linked(settings, sources, sample=link.sample, model=link.model, data=link.data,
                                              target=link.target, upload=link.upload)]
    st.session_state[NOTES] = (st.session_state.get(PAGE, ""), notes)
    st.session_state[_PENDING] = None if link.upload else link


def apply(case: Case) -> None:
    """Give the case the choices its link asked for (once), and show the link's notes on the page it opened."""
    link = st.session_state.pop(_PENDING, None)
    if link is not None:
        st.session_state[NOTES][1].extend(_choose(case, link))
    if st.session_state.pop(CLEAR_COOKIE, False):
        forget_saved_view()
    page, notes = st.session_state.get(NOTES, ("", []))
    if page == st.session_state.get(PAGE, "") and notes:
        for note in notes:
            st.warning(md(note), icon=":material/link_off:")


def _choose(case: Case, link: Link) -> list[str]:
    """Set each valid choice of the link on the case; a note for each one that does not fit it."""
    notes = []
    if link.threshold is not None:
        if choices.decides_at_threshold(case):
            choices.set_threshold(case, link.threshold)
        else:
            notes.append(_("The link's threshold was ignored: this model's decisions do not depend on one."))
    if link.row is not None:
        if 0 <= link.row < len(case.X):
            choices.set_row(case, case.X.index[link.row])
        else:
            notes.append(_("The link's row {row} is not in this data (rows {first} to {last}); row {shown} is shown.",
                           row=link.row, first=count(0), last=count(len(case.X) - 1),
                           shown=choices.row_position(case)))
    if link.group is not None:
        if link.group in case.X.columns:
            choices.set_group(case, link.group)
        else:
            notes.append(_("The link's group column “{column}” is not a column of this data; “{shown}” is examined.",
                           column=link.group, shown=choices.group(case)))
    if link.level is not None:
        choices.set_level(link.level)
    return notes


def sync(case: Case) -> str:
    """Write the view (case and choices) into the address bar when it changed; return its full address."""
    params = params_of(case, threshold=choices.threshold(case) if choices.decides_at_threshold(case) else None,
                       row=choices.row_position(case), group=choices.group(case), level=choices.level())
    params.update(language.link_param())  # lang=de / lang=fr: a shared link reopens in its language
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)
    return url(base_url(), st.session_state.get(PAGE, ""), params)


def copy_box(case: Case, address: str) -> None:
    """ "Copy link to this view" in the sidebar: the address (its copy button copies it) and, for an upload, that
    the link cannot reopen it."""
    with st.sidebar:
        st.markdown("**" + _("Copy link to this view") + "**")
        st.code(address, language=None, wrap_lines=True)
        if "upload" in case.source:
            st.caption(md(_("This view is of an uploaded file ({file}): the link cannot reopen it. It opens this page "
                            "and says so; upload the file again there.", file=case.source["upload"])))
        else:
            st.caption(_("Opens this page with the same model, threshold, row, group and level."))


def _signed_in() -> bool:
    return access.configured() and bool(st.user.is_logged_in)

