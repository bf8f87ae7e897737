"""Entry script of the browse page (a file, so AppTest can switch to it); the page is `ui.browse.page`."""

from ui.browse import page

page()
