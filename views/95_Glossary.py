"""Glossary: every technical term the pages and the report use, defined once in plain words."""
# nav: 95 | Glossary | :material/menu_book:

import streamlit as st

from dashboard.layout import page_setup
from dashboard.text import md
from explainers.glossary import glossary_table

page_setup("Glossary")
st.title("Glossary")
st.caption("The terms used on these pages and in the report, in plain words. The report ends with the same list.")
query = st.text_input("Find a term", placeholder="e.g. coverage")
table = glossary_table()
if query:
    table = table[table["Term"].str.contains(query, case=False, regex=False)
                  | table["Meaning"].str.contains(query, case=False, regex=False)]
if table.empty:
    st.info("No term matches; try a shorter word.")
for term, meaning in table.itertuples(index=False):
    st.markdown(f"**{md(term)}**: {md(meaning)}")
