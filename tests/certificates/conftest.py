"""The cycles' parties and programmes, and the two awards certificate tests start from: one a
driven cycle left (``awarded``), and one made directly with fixed dates (``award``, also imported
by the packages that show an award elsewhere: credentials, news, organisations)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.cycles.conftest import audit, charter, load_programme, management_cycle, open_cycle, scored  # noqa: F401
from tests.cycles.helpers import drive
from vereinbar.certificates.models import Award


@pytest.fixture
def awarded(scored, open_cycle, parties):  # noqa: F811
    """The award a cycle of the scored programme leaves when driven to the end, as it is today."""
    cycle = open_cycle(scored)
    drive(cycle, parties)
    return cycle.award


@pytest.fixture
def award(scored, employer_org):  # noqa: F811
    """A valid award no. 2025-00001 of the scored programme (operated by operator_org) at its
    assessment stage and ambassador level, issued 10 March 2025, valid until 10 March 2027."""
    version = scored.current_version
    return Award.objects.create(
        number="2025-00001",
        organisation=employer_org,
        programme=scored,
        version=version,
        stage=version.stages.get(key="assessment"),
        level=version.levels.get(key="ambassador"),
        issued_on=date(2025, 3, 10),
        valid_until=date(2027, 3, 10),
    )
