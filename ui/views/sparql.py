"""Entry script of the sparql page (a file, so AppTest can switch to it); the page is `ui.sparql.page`."""

from ui.sparql import page

page()
