"""Fixtures every test module may share."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The static edition as `make site` builds it, without the press kit: built once per test
    process (its map images take a while) and shared by every module that reads it. Read it,
    never change it; a module that needs its own copy copies it."""
    from geo.site.build import build_site

    return build_site(tmp_path_factory.mktemp("built-site") / "site", press_kit=False).out
