"""Entry script of the targets page (a file, so AppTest can switch to it); the page is `ui.targets.page`."""

from ui.targets import page

page()
