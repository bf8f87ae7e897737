"""The Streamlit app's pages (``app.py`` is the entry point): search, browse, SPARQL, targets, documents.

Pages call only the public API (``policykg.corpus``, ``queries``, ``graph``); document text is shown
as escaped markdown, never as HTML.
"""
