"""The contract of tests/architecture.py finds an app importing another app's private module or
name, and lets an app use its own private names (lint-imports runs it over the code in bin/test)."""

from __future__ import annotations

import sys

from grimp import ImportGraph

from tests.architecture import PrivateNamesContract


def _check(root: str, *imports: tuple[str, str]):
    graph = ImportGraph()
    for importer, imported in imports:
        graph.add_import(importer=importer, imported=imported, line_number=1, line_contents=f"import {imported}")
    contract = PrivateNamesContract(name="private", session_options={}, contract_options={"root": root})
    return contract.check(graph, verbose=False)


def test_an_app_importing_another_apps_private_module_breaks_the_contract():
    check = _check("vereinbar", ("vereinbar.notifications.reminders", "vereinbar.cycles.services._common"))
    assert not check.kept
    assert check.metadata["broken"] == [
        "vereinbar.notifications.reminders (l.1) imports vereinbar.cycles.services._common: _common"
    ]


def test_an_apps_own_private_module_is_its_own():
    assert _check("vereinbar", ("vereinbar.cycles.services", "vereinbar.cycles.services._common")).kept


def test_an_app_importing_another_apps_private_name_breaks_the_contract(tmp_path, monkeypatch):
    root = tmp_path / "layered"
    for app in ("reader", "owner", "other"):
        (root / app).mkdir(parents=True)
        (root / app / "__init__.py").write_text("")
    (root / "__init__.py").write_text("")
    (root / "owner" / "views.py").write_text("def _helper(): ...\ndef helper(): ...\n")
    (root / "reader" / "views.py").write_text("from layered.owner.views import (\n    _helper,\n)\n")
    (root / "other" / "views.py").write_text("from layered.owner.views import helper\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "layered", raising=False)

    assert _check("layered", ("layered.other.views", "layered.owner.views")).kept
    check = _check("layered", ("layered.reader.views", "layered.owner.views"))
    assert check.metadata["broken"] == ["layered.reader.views (l.1) imports layered.owner.views: _helper"]
