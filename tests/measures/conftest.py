import pytest

from vereinbar.measures.services import catalogue_load


@pytest.fixture
def catalogue(db):
    """The shipped catalogue (library/measures/catalogue.yaml), loaded."""
    return catalogue_load()
