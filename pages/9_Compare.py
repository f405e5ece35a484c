"""Compare: is the challenger better than the model we run now, on the same rows, with intervals."""
# nav: 75 | Compare | :material/compare_arrows:

import pandas as pd
import streamlit as st

import explainers
from dashboard import cached, choices, keys
from dashboard.layout import page_setup, require_case, require_labels
from dashboard.picker import MODEL_SUFFIXES
from dashboard.settings import read_settings, server_files
from dashboard.text import md
from explainers.compare import figures, on_same_rows, words
from explainers.core import privacy
from explainers.failures import words as failure_words
from sample_models.catalog import samples

SAMPLE, SERVER, COMMAND_LINE, UPLOAD = "Sample model", "Model on this server", "Command line (--challenger)", "Upload"
PARTNERS = {"german_credit": "german_credit_linear", "german_credit_linear": "german_credit"}
SHOWN_FLIPS = 200


def reads(sample, champion) -> bool:
    """True when every column of the sample's holdout file is in the champion's data (or is its target): only
    then can the sample model be judged on the champion's rows."""
    header = set(pd.read_csv(sample.holdout_path, nrows=0).columns)
    return header <= {*champion.X.columns, champion.target}


def choose_challenger(settings, champion) -> dict | None:
    """The challenger model as options for on_same_rows (model, name, trusted_types, allow_pickle), or None."""
    sources = [SAMPLE] + ([SERVER] if settings.model_dir else []) + ([COMMAND_LINE] if settings.challenger else []) + [UPLOAD]
    left, right = st.columns([1, 2])
    with left:
        source = choices.kept(st.radio, "Challenger from", keys.CHALLENGER_SOURCE,
                              COMMAND_LINE if settings.challenger else SAMPLE, sources)
    with right:
        if source == SAMPLE:
            own = cached.sample_of(champion)
            catalogue = {n: s for n, s in samples().items() if n != own and reads(s, champion)}
            if not catalogue:
                st.info("No sample model reads this data's columns: choose the challenger from another source.")
                return None
            default = PARTNERS.get(own, next(iter(catalogue)))
            chosen = choices.kept(st.selectbox, "Challenger sample", keys.CHALLENGER_SAMPLE, default, list(catalogue),
                                 format_func=lambda n: catalogue[n].title)
            return {"model": str(catalogue[chosen].model_path)}
        if source == SERVER:
            files = server_files(settings.model_dir, MODEL_SUFFIXES)
            if not files:
                st.info("The operator's folder holds no model files (.joblib, .skops).")
                return None
            chosen = choices.kept(st.selectbox, "Challenger model file", keys.CHALLENGER_SERVER, str(files[0]),
                                  [str(f) for f in files], format_func=lambda p: p.rsplit("/", 1)[-1])
            return {"model": chosen, "trusted_types": settings.trusted_types}
        if source == COMMAND_LINE:
            st.caption(f"Chosen by the operator: {md(settings.challenger.name)}")
            return {"model": str(settings.challenger), "trusted_types": settings.trusted_types}
        return _uploaded(settings)


def _uploaded(settings) -> dict | None:
    kinds = ["skops"] + (["joblib", "pkl", "pickle"] if settings.allow_pickle_upload else [])
    upload = st.file_uploader(f"Challenger model ({', '.join('.' + k for k in kinds)})", type=kinds)
    if upload is not None:
        st.session_state[keys.CHALLENGER_UPLOAD] = {"name": upload.name, "bytes": upload.getvalue()}
    held = st.session_state.get(keys.CHALLENGER_UPLOAD)
    if held is None:
        st.info("Upload the challenger model; it is judged on the champion's rows.")
        return None
    return {"model": held["bytes"], "name": held["name"], "trusted_types": settings.trusted_types,
            "allow_pickle": settings.allow_pickle_upload}


def by_group(champion, *, challenger, threshold, column: str, metric: str | None):
    """One group column's comparison, from the cached comparison (cached itself through cached.compute)."""
    comparison = cached.compute(explainers.compare, champion, challenger=challenger, threshold=threshold)
    return comparison.by_group(column, metric)


page_setup("Compare")
champion = require_case()
st.title("Is it better than what we run now?")
require_labels(champion, "Comparing two models needs labelled rows.")
settings = read_settings()
threshold = choices.threshold(champion) if choices.decides_at_threshold(champion) else None
st.caption(md(f"Champion (the model open in the sidebar): {champion.name}. The challenger is judged on the same "
              f"{len(champion.X):,} labelled rows."))
chosen = choose_challenger(settings, champion)
if chosen is None:
    st.stop()
try:
    with st.spinner("Comparing the two models on the same rows..."):
        challenger = cached.compute(on_same_rows, champion, **chosen)
        comparison = cached.compute(explainers.compare, champion, challenger=challenger, threshold=threshold)
except explainers.InputError as err:
    st.error(md(err))
    st.stop()
st.session_state[keys.CHALLENGER_CHOSEN] = {"fingerprint": champion.fingerprint, "chosen": chosen}  # for the report

sensitive = [c for c in champion.metadata.sensitive if c in champion.X.columns][:2]
groups = {c: cached.compute(by_group, champion, challenger=challenger, threshold=threshold, column=c, metric=None)
          for c in sensitive}
st.info(md(words.headline(comparison, groups)))
st.caption(md(words.deciding(comparison)))
st.markdown(md(words.other_metrics(comparison)))

st.subheader("Metrics side by side")
st.dataframe(comparison.metrics.drop(columns=["higher_is_better"])
             .assign(metric=lambda t: t["metric"].map(failure_words.name)),
             hide_index=True, width="stretch",
             column_config={c: st.column_config.NumberColumn(format="%.4f")
                            for c in ("champion", "challenger", "difference", "low", "high")})
st.caption("difference = challenger - champion; low and high bound its 95% interval from a paired bootstrap. "
           "Significant means the interval excludes 0.")

st.subheader("Overall and by group")
left, right = st.columns(2)
columns = list(dict.fromkeys([*sensitive, *champion.X.columns]))
column = choices.kept(left.selectbox, "Groups of", keys.COMPARE_GROUP, columns[0], columns)
metrics = list(comparison.metrics["metric"])
metric = choices.kept(right.selectbox, "Metric", keys.COMPARE_METRIC, metrics[0], metrics,
                      format_func=failure_words.name)
table = cached.compute(by_group, champion, challenger=challenger, threshold=threshold, column=column, metric=metric)
st.plotly_chart(figures.forest(figures.forest_rows(comparison.metrics, table, column)), width="stretch")
worse = table[table["worse"]]
if len(worse):
    st.warning(md(f"The challenger is significantly worse for {column} = {', '.join(worse['group'])}: a regression "
                  "for those rows even if it wins overall."))

st.subheader("Decisions that change")
st.markdown(md(words.flips_sentence(comparison)))
if not comparison.flips.empty:
    shown = comparison.flips.head(SHOWN_FLIPS)
    st.dataframe(shown.assign(why=[words.flip_reason(w) for w in shown["why"]]), hide_index=True, width="stretch",
                 column_config={"why": st.column_config.TextColumn("why it moved (attribution: champion -> challenger)",
                                                                   width="large")})

if comparison.calibration is not None:
    st.subheader("Are the probabilities honest?")
    st.plotly_chart(figures.calibration_pair(comparison.calibration["champion"], comparison.calibration["challenger"]),
                    width="stretch")
    st.caption(md(words.calibration_sentence(comparison)))

st.subheader("Where the challenger is worse")
st.markdown(md(words.slices_sentence(comparison)))
if not comparison.challenger_worse.empty:
    st.dataframe(privacy.slices(comparison.challenger_worse, failure_words.slice_text).drop(columns=["query", "conditions"]), hide_index=True,
                 width="stretch")

with st.expander("How this was computed"):
    st.markdown(md(comparison.method))
    st.markdown(md(words.tests_sentence(comparison)))
    for note in [*comparison.notes, *challenger.notes]:
        st.caption(md(note))
