"""Glossary: every technical term the pages and the report use, defined once in plain words."""
# nav: 95 | Glossary | :material/menu_book:

import streamlit as st

from dashboard.language import _
from dashboard.layout import page_setup
from dashboard.text import md
from explainers.glossary import glossary_table

page_setup("Glossary")
st.title(_("Glossary"))
st.caption(_("The terms used on these pages and in the report, in plain words. The report ends with the same list."))
query = st.text_input(_("Find a term"), placeholder=_("e.g. coverage"))
table = glossary_table()
if query:
    term, meaning = table.columns  # headers in the reader's language
    table = table[table[term].str.contains(query, case=False, regex=False)
                  | table[meaning].str.contains(query, case=False, regex=False)]
if table.empty:
    st.info(_("No term matches; try a shorter word."))
for term, meaning in table.itertuples(index=False):
    st.markdown(_("**{term}**: {meaning}", term=md(term), meaning=md(meaning)))
