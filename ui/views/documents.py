"""Entry script of the documents page (a file, so AppTest can switch to it); the page is `ui.documents.page`."""

from ui.documents import page

page()
