from tests.cycles.conftest import audit, charter, load_programme, management_cycle, open_cycle, parties, scored  # noqa: F401
