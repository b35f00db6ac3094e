"""A programme is data: no programme, action field or criterion is named in the code.

Only the library (library/) and the tests may name particular programmes. Translation
catalogues (locale/) are not code and are left out. In the default pages' Dutch prose,
"erkenning" is the common word for an award (as the Dutch catalogue says), not the programme.
"""

from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"
NAMES = re.compile(
    r"berufundfamilie|mantelzorg|pflege-?guide|qualit(ä|ae)tssiegel|bertelsmann|\baok\b|carer (confident|positive)"
    r"|kuratorium|pr(ä|ae)dikat|dialogverfahren|erkenning|wij werken|landesprogramm|total e-quality"
    r"|erfolgsfaktor familie|werk&|werk ?en ?mantelzorg|saale-orla|leiderdorp|kreis soest|landkreis leer",
    re.IGNORECASE,
)
DUTCH_WORD = re.compile(r"\berkenning(en)?\b", re.IGNORECASE)
SUFFIXES = {".py", ".html", ".txt", ".json", ".js", ".css", ".md", ".yaml", ".yml", ".toml"}


def test_no_programme_is_named_in_the_code():
    hits = []
    for path in SRC.rglob("*"):
        if not path.is_file() or path.suffix not in SUFFIXES or "locale" in path.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
            if path.name.endswith(".nl.md"):
                line = DUTCH_WORD.sub("", line)
            if NAMES.search(line):
                hits.append(f"{path.relative_to(SRC.parent)}:{number}: {line.strip()}")
    assert not hits, "programme names in the code:\n" + "\n".join(hits)


def test_the_check_would_find_a_name():
    assert NAMES.search('label = "Zertifikat mit Prädikat"')
    assert NAMES.search(DUTCH_WORD.sub("", "Erkenning mantelzorgvriendelijke organisatie"))
    assert NAMES.search("if programme == 'Werk&Mantelzorg':")
