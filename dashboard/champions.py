"""The champion picker of Compare and May it go live: the models that may play the champion (the model you run
today) against the open model (the candidate).

Only models that read the open data are offered: each is tried on the first rows (cached per data and file), so a
picker never offers a model whose comparison would end in an error. joblib/pickle files run code when opened: they
come only from paths the operator gave (``--model-dir``, ``--challenger``), and the page shows the trust warning.
What a role may open is checked here, where models are loaded (``access.settings_for``): ``--model-dir`` and
pickle uploads need the operator role, whatever settings a page passes.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path

import streamlit as st

import explainers
from dashboard import access, cached
from dashboard.picker import MODEL_SUFFIXES
from dashboard.settings import Settings, read_settings, server_files
from dashboard.text import md
from explainers.compare import on_same_rows
from sample_models.catalog import samples

READ_ROWS = 20  # rows a model must predict to be offered
PICKLE_SUFFIXES = (".joblib", ".pkl", ".pickle")
PARTNERS = {"german_credit": "german_credit_linear", "german_credit_linear": "german_credit",
            "adult_income": "adult_income_linear", "adult_income_linear": "adult_income"}  # offered first
TRUST = ("{name} is a {suffix} file: it runs code on this server when opened. It is offered because the operator "
         "gave its path ({flag}); pick it only if you trust whoever wrote it. Browser uploads take .skops files"
         "{pickle}.")


@dataclass(frozen=True)
class Offer:
    """One model a picker offers: ``key`` (stable, for the widget), ``title``, ``options`` for ``on_same_rows``
    (model, name, trusted_types) and ``flag``: the operator's flag that named a server file ("" for a sample)."""

    key: str
    title: str
    options: dict = field(default_factory=dict)
    flag: str = ""

    @property
    def runs_code(self) -> bool:
        """A joblib/pickle file from the operator's paths (the samples are built here, by this server)."""
        return bool(self.flag) and str(self.options.get("model", "")).lower().endswith(PICKLE_SUFFIXES)


def reads(case, *, model: str, trusted_types: tuple = ()) -> str:
    """"" when ``model`` predicts the open data's first rows with the open model's task and classes, else why not."""
    frame = case.X.head(READ_ROWS)
    if case.labelled:
        frame = frame.assign(**{case.target: case.y.head(READ_ROWS)})
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tried = explainers.load(model, frame, target=case.target if case.labelled else None,
                                    trusted_types=trusted_types)
    except explainers.InputError as err:
        return str(err)
    if tried.task != case.task:
        return f"it is a {tried.task} model and the open model a {case.task} model"
    if case.is_classifier and set(map(str, tried.classes)) != set(map(str, case.classes)):
        return "it predicts other classes than the open model"
    return ""


def _why_not(case, offer: Offer) -> str:
    return cached.compute(reads, case, model=offer.options["model"],
                          trusted_types=tuple(offer.options.get("trusted_types", ())))


def sample_offers(case) -> list[Offer]:
    """The sample models, other than the open one, that read the open data; the open sample's partner first."""
    own = cached.sample_of(case)
    found = [Offer(f"sample:{n}", s.title, {"model": str(s.model_path), "name": s.title})
             for n, s in samples().items() if n != own]
    found = [o for o in found if not _why_not(case, o)]
    return sorted(found, key=lambda o: o.key != f"sample:{PARTNERS.get(own)}")


def file_offers(case, settings: Settings) -> tuple[list[Offer], list[str]]:
    """The model files of the operator's ``--model-dir`` that read the open data, and the names of those that
    do not (said on the page, so a missing file is explained). The open model's own file is left out."""
    own = case.source.get("model")
    settings = access.settings_for(access.current(), settings)  # no --model-dir below the operator role
    files = [f for f in server_files(settings.model_dir, MODEL_SUFFIXES) if str(f) != own]
    found = [Offer(f"file:{f}", f.name, {"model": str(f), "name": f.name, "trusted_types": settings.trusted_types},
                   "--model-dir") for f in files]
    return [o for o in found if not _why_not(case, o)], [o.title for o in found if _why_not(case, o)]


def command_line_offer(settings: Settings) -> Offer | None:
    """The operator's ``--challenger`` file (offered as the champion to compare with), or None."""
    if settings.challenger is None:
        return None
    path = settings.challenger
    return Offer(f"file:{path}", path.name, {"model": str(path), "name": path.name,
                                             "trusted_types": settings.trusted_types}, "--challenger")


def trust_warning(offer: Offer, settings: Settings) -> None:
    """The warning shown beside a joblib/pickle file the operator's paths offer (nothing for other files)."""
    if offer.runs_code:
        pickle = " (and .joblib/.pkl: the operator turned pickle uploads on)" if settings.allow_pickle_upload else " only"
        st.warning(md(TRUST.format(name=offer.title, suffix=Path(offer.options["model"]).suffix, flag=offer.flag,
                                   pickle=pickle)))


def allowed(options: dict) -> dict:
    """``options`` for ``on_same_rows`` when this session's role may open that champion, else ``access.Refused``.

    Uploaded bytes need a role that may upload, and pickle bytes the operator's --allow-pickle-upload and a role
    that may upload pickles; a path or URI other than a sample, the operator's --model or --challenger needs a role
    that may open --model-dir (the operator)."""
    usable = access.settings_for(access.current(), read_settings())
    model = options.get("model")
    if isinstance(model, (bytes, bytearray)):
        access.require_now(access.UPLOAD)
        if options.get("allow_pickle") and not usable.allow_pickle_upload:
            access.require_now(access.UPLOAD_PICKLE)
            raise explainers.InputError("Pickle uploads are off on this server: upload the champion as a .skops file "
                                        "(the operator turns pickle uploads on with --allow-pickle-upload).")
        return {**options, "allow_pickle": bool(options.get("allow_pickle"))}  # on_same_rows would default to True
    if str(model) not in _operator_paths(usable):
        access.require_now(access.OPEN_SERVER_FILES)
    return options


def _operator_paths(settings: Settings) -> set[str]:
    """The model paths this role's settings open: the samples, --model, --challenger and --model-dir's files."""
    given = [s.model_path for s in samples().values()] + [settings.model, settings.challenger]
    return {str(p) for p in [*given, *server_files(settings.model_dir, MODEL_SUFFIXES)] if p is not None}


def champion_on(case, options: dict):
    """The champion loaded on the open data's rows (cached), once ``allowed`` for this session's role; when it
    cannot be loaded, the error names the champion."""
    options = allowed(options)
    try:
        return cached.compute(on_same_rows, case, **options)
    except explainers.InputError as err:
        cause = err.__cause__ if isinstance(err.__cause__, explainers.InputError) else err
        label = options.get("name") or Path(str(options.get("model"))).name
        raise type(err)(f"The champion (the model you run today), {label}, cannot predict on the open data's rows "
                        f"(those of the candidate, the open model): {cause}") from err


def offered(case, settings: Settings) -> list[Offer]:
    """Every model that may be the champion and reads the open data: samples, the operator's folder, then the
    operator's ``--challenger`` file (each once)."""
    found = [*sample_offers(case), *file_offers(case, settings)[0]]
    line = command_line_offer(settings)
    if line is not None and line.key not in {o.key for o in found} and not _why_not(case, line):
        found.append(line)
    return found
