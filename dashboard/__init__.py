"""Streamlit-only helpers: operator settings, session state, shared widgets. The engine never imports this."""
