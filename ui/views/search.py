"""Entry script of the search page (a file, so AppTest can switch to it); the page is `ui.search.page`."""

from ui.search import page

page()
