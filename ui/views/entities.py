"""Entry script of the entities page (a file, so AppTest can switch to it); the page is `ui.entities.page`."""

from ui.entities import page

page()
