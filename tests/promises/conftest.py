"""Fixtures of the promises tests that more than one module uses."""

import pytest

from tests.promises.factories import IndicatorSetup, build_indicator_setup


@pytest.fixture
def draft(world) -> IndicatorSetup:
    """A draft charter of kommun A with an indicator on a police and on a kommun promise."""
    return build_indicator_setup(world)


@pytest.fixture
def published(world) -> IndicatorSetup:
    """A published charter of kommun A with an indicator on a police and on a kommun promise."""
    return build_indicator_setup(world, published=True)
