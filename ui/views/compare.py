"""Entry script of the compare page (a file, so AppTest can switch to it); the page is `ui.compare.page`."""

from ui.compare import page

page()
