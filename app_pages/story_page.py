"""Story page: the report's findings as eight steps for a presenter, one finding per step."""

from ui.story import show_story

show_story()
