"""Compare: is the open model (the candidate) better than the model you run today (the champion), on the same
rows, with intervals."""
# nav: 75 | Compare | :material/compare_arrows:

from dataclasses import replace

import streamlit as st

import explainers
from dashboard import access, cached, champions, choices, keys, tables
from dashboard.language import N_, _, gettext, ngettext, pgettext
from dashboard.layout import page_setup, require_case, require_labels
from dashboard.sample_words import ours, ours_later
from dashboard.settings import read_settings
from dashboard.text import md
from explainers.compare import figures, words
from explainers.core import privacy
from explainers.failures import words as failure_words

# sources kept in English (widget values), translated where shown
SAMPLE, SERVER, COMMAND_LINE, UPLOAD = (N_("Sample model"), N_("Model on this server"), N_("Command line (--challenger)"),
                                        N_("Upload"))
SHOWN_FLIPS = 200


def short_roles() -> dict:
    """The roles as short table headers and cells ("Champion", not "Champion-Modell", which German and French cut
    at 70 px); English as before. The full header shows on hovering."""
    # Translators: short table header or cell: the model run today (TERMS.md's champion, shortened to fit)
    champion = pgettext("short table header", "champion")
    # Translators: short table header or cell: the open model, compared with the champion
    candidate = pgettext("short table header", "candidate")
    return {"champion": champion, "candidate": candidate,
            "champion score": pgettext("short table header", "champion score"),
            "candidate score": pgettext("short table header", "candidate score")}


def choose_champion(settings, case) -> dict | None:
    """The champion (the model you run today) as options for on_same_rows (model, name, trusted_types,
    allow_pickle), or None. Sample models and the operator's folder offer only models that read the open data."""
    sources = [SAMPLE] + ([SERVER] if settings.model_dir else []) + ([COMMAND_LINE] if settings.challenger else []) + [UPLOAD]
    left, right = st.columns([1, 2])
    with left:
        source = choices.kept(st.radio, _("Champion from"), keys.CHALLENGER_SOURCE,
                              COMMAND_LINE if settings.challenger else SAMPLE, sources, format_func=_)
    with right:
        if source == SAMPLE:
            return _picked(champions.sample_offers(case), _("Champion sample"), keys.CHALLENGER_SAMPLE, settings,
                           _("No sample model reads this data's columns: choose the champion from another source."))
        if source == SERVER:
            offers, unread = champions.file_offers(case, settings)
            if unread:
                st.caption(md(_("Not offered, as they cannot read this data: {files}.", files=", ".join(unread))))
            return _picked(offers, _("Champion model file"), keys.CHALLENGER_SERVER, settings,
                           _("The operator's folder holds no other model file (.joblib, .skops) that reads this data."))
        if source == COMMAND_LINE:
            offer = champions.command_line_offer(settings)
            st.caption(_("Chosen by the operator: {title}", title=md(offer.title)))
            champions.trust_warning(offer, settings)
            return offer.options
        return _uploaded(settings)


def _picked(offers, label, key, settings, none_text) -> dict | None:
    if not offers:
        st.info(none_text)
        return None
    by_key = {o.key: o for o in offers}
    show = ours_later()  # a sample's title in the reader's language, a file's name as it is
    chosen = by_key[choices.kept(st.selectbox, label, key, offers[0].key, list(by_key),
                                 format_func=lambda k: show(by_key[k].title))]
    champions.trust_warning(chosen, settings)
    return chosen.options


def _uploaded(settings) -> dict | None:
    kinds = ["skops"] + (["joblib", "pkl", "pickle"] if settings.allow_pickle_upload else [])
    if settings.allow_pickle_upload:
        st.warning(_("Pickle/joblib upload is on: such a file runs code on this server when opened. "
                     "Only open files from people you trust."))
    upload = st.file_uploader(_("Champion model ({types})", types=", ".join("." + k for k in kinds)), type=kinds)
    if upload is not None:
        st.session_state[keys.CHALLENGER_UPLOAD] = {"name": upload.name, "bytes": upload.getvalue()}
    held = st.session_state.get(keys.CHALLENGER_UPLOAD)
    if held is None:
        st.info(_("Upload the champion (the model you run today); it is judged on the open data's rows."))
        return None
    return {"model": held["bytes"], "name": held["name"], "trusted_types": settings.trusted_types,
            "allow_pickle": settings.allow_pickle_upload}


def by_group(champion, *, challenger, threshold, column: str, metric: str | None):
    """One group column's comparison (champion: the model you run today; challenger: the open model), from the
    cached comparison (cached itself through cached.compute)."""
    comparison = cached.compute(explainers.compare, champion, challenger=challenger, threshold=threshold)
    return comparison.by_group(column, metric)


page_setup("Compare")
candidate = require_case()
st.title(_("Is it better than what we run now?"))
require_labels(candidate, _("Comparing two models needs labelled rows."))
settings = access.settings_for(access.current(), read_settings())  # --model-dir, pickle uploads: operator
threshold = choices.threshold(candidate) if choices.decides_at_threshold(candidate) else None
st.caption(ngettext("Pick the champion (the model you run today); the candidate is the open model. Both are judged on "
                    "the same {n} labelled row.",
                    "Pick the champion (the model you run today); the candidate is the open model. Both are judged on "
                    "the same {n} labelled rows.", len(candidate.X)))
chosen = choose_champion(settings, candidate)
if chosen is None:
    st.stop()
try:
    with st.spinner(_("Comparing the two models on the same rows...")):
        champion = champions.champion_on(candidate, chosen)
        comparison = cached.compute(explainers.compare, champion, challenger=candidate, threshold=threshold)
except explainers.InputError as err:
    st.error(md(err))
    st.stop()
st.session_state[keys.CHALLENGER_CHOSEN] = {"fingerprint": candidate.fingerprint, "chosen": chosen,
                                            "role": "champion"}  # for the report: the picked model is the champion

sensitive = [c for c in candidate.metadata.sensitive if c in candidate.X.columns][:2]
groups = {c: cached.compute(by_group, champion, challenger=candidate, threshold=threshold, column=c, metric=None)
          for c in sensitive}
st.caption(md(words.roles(replace(comparison, champion_name=ours(comparison.champion_name),  # a sample's
                                          challenger_name=ours(comparison.challenger_name)))))  # title, translated
st.info(md(words.headline(comparison, groups)))
st.caption(md(words.deciding(comparison)))
st.markdown(md(words.other_metrics(comparison)))

st.subheader(_("Metrics side by side"))
short = short_roles()
tables.local(comparison.metrics.drop(columns=["higher_is_better"])
             .assign(metric=lambda t: t["metric"].map(failure_words.name),
                     better=lambda t: t["better"].replace({"challenger": short["candidate"], "champion": short["champion"]}))
             .rename(columns=words.COLUMNS),
             hide_index=True, width="stretch",
             column_config={"metric": st.column_config.TextColumn(_("metric"), width=190),  # widths under 750 px: fits at 800 px
                            **{words.COLUMNS.get(c, c): st.column_config.NumberColumn(
                                label, format="%.4f", width=width,
                                help=gettext(words.COLUMNS[c]) if c in words.COLUMNS else None)  # N_ in words.py
                               for c, label, width in (("champion", short["champion"], 80), ("challenger", short["candidate"], 80),
                                                       ("difference", _("difference"), 80), ("low", _("low"), 70),
                                                       ("high", _("high"), 70))},
                            "significant": st.column_config.Column(_("significant"), width=85),
                            "better": st.column_config.Column(_("better"), width=90)})
st.caption(_("difference = candidate (the open model) - champion (the model you run today); low and high bound its "
             "95% interval from a paired bootstrap. Significant means the interval excludes 0."))

st.subheader(_("Overall and by group"))
left, right = st.columns(2)
columns = list(dict.fromkeys([*sensitive, *candidate.X.columns]))
column = choices.kept(left.selectbox, _("Groups of"), keys.COMPARE_GROUP, columns[0], columns)
metrics = list(comparison.metrics["metric"])
metric = choices.kept(right.selectbox, _("Metric"), keys.COMPARE_METRIC, metrics[0], metrics,
                      format_func=failure_words.name)
table = cached.compute(by_group, champion, challenger=candidate, threshold=threshold, column=column, metric=metric)
st.plotly_chart(figures.forest(figures.forest_rows(comparison.metrics, table, column)), width="stretch")
worse = table[table["worse"]]
if len(worse):
    st.warning(md(_("The candidate is significantly worse than the champion for {column} = {groups}: a regression "
                    "for those rows even if it wins overall.", column=column, groups=", ".join(worse["group"]))))

st.subheader(_("Decisions that change"))
st.markdown(md(words.flips_sentence(comparison)))
if not comparison.flips.empty:
    shown = comparison.flips.head(SHOWN_FLIPS)
    header = {key: gettext(words.COLUMNS[key]) for key in words.COLUMNS}  # marked N_ in words.py; read here
    tables.local(shown.assign(why=[words.flip_reason(w) for w in shown["why"]],
                              right=shown["right"].replace({"challenger": short["candidate"], "champion": short["champion"]}))
                 .rename(columns=words.COLUMNS),
                 hide_index=True, width="stretch", row_height=88,  # widths sum to 750 px: fits at 800 px; why wraps
                 column_config={"row": st.column_config.Column(_("row"), width=45),
                                words.COLUMNS["champion"]: st.column_config.Column(
                                    short["champion"], width=70, help=header["champion"]),
                                words.COLUMNS["challenger"]: st.column_config.Column(
                                    short["candidate"], width=75, help=header["challenger"]),
                                "actual": st.column_config.Column(_("actual"), width=55),
                                words.COLUMNS["champion_score"]: st.column_config.Column(
                                    short["champion score"], width=100, help=header["champion_score"]),
                                words.COLUMNS["challenger_score"]: st.column_config.Column(
                                    short["candidate score"], width=100, help=header["challenger_score"]),
                                # Translators: the column naming which model was right on the row
                                "right": st.column_config.Column(_("right"), width=85),
                                "why": st.column_config.TextColumn(_("why it moved"), width=220,
                                                                   help=_("Attribution: champion -> candidate."))})

if comparison.calibration is not None:
    st.subheader(_("Are the probabilities honest?"))
    st.plotly_chart(figures.calibration_pair(comparison.calibration["champion"], comparison.calibration["challenger"]),
                    width="stretch")
    st.caption(md(words.calibration_sentence(comparison)))

st.subheader(_("Where the candidate is worse"))
st.markdown(md(words.slices_sentence(comparison)))
if not comparison.challenger_worse.empty:
    tables.local(privacy.slices(comparison.challenger_worse, failure_words.slice_text).drop(columns=["query", "conditions"]), hide_index=True,
                 width="stretch")

with st.expander(_("How this was computed")):
    st.markdown(md(comparison.method))
    st.markdown(md(words.tests_sentence(comparison)))
    for note in [*comparison.notes, *champion.notes]:
        st.caption(md(note))
