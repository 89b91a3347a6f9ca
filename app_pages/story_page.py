"""Story page: the report's findings as eight steps for a presenter, one finding per step."""

import ui

ui.show_story()
