"""Hypothesis strategies: valid programme definitions of every shape the format allows."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

LANGUAGES = ["de", "nl", "en"]
KINDS = ["certification", "recognition", "charter", "cycle"]
DELIVERABLES = [
    "profile", "self_assessment", "survey", "workshop", "target_agreement", "annual_report",
    "report", "review", "decision", "signature", "training", "meeting",
]  # fmt: skip
ROLES = ["coordinator", "contributor", "auditor", "board", "operator"]
SHOW = ["profile", "award", "level", "awarded_on", "first_awarded_on", "valid_until", "measures", "answers"]

keys = st.from_regex(r"\A[a-z][a-z0-9_]{0,11}\Z")
words = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=30
).filter(lambda s: s.strip())
numbers = st.one_of(
    st.integers(0, 100), st.floats(0, 100, allow_nan=False, allow_infinity=False).map(lambda x: round(x, 2))
)


def unique_keys(min_size: int, max_size: int) -> st.SearchStrategy[list[str]]:
    return st.lists(keys, min_size=min_size, max_size=max_size, unique=True)


@st.composite
def texts(draw: st.DrawFn, languages: list[str], default: str) -> Any:
    if draw(st.booleans()):
        return draw(words)
    candidates = [lang for lang in languages if lang != default]
    others = draw(st.lists(st.sampled_from(candidates), unique=True)) if candidates else []
    return {lang: draw(words) for lang in [default, *others]}


@st.composite
def definitions(draw: st.DrawFn) -> dict[str, Any]:
    languages = draw(st.permutations(LANGUAGES).map(list).flatmap(lambda p: st.integers(1, 3).map(lambda n: p[:n])))
    default = draw(st.sampled_from(languages))

    def text() -> Any:
        return draw(texts(languages, default))

    def maybe(data: dict[str, Any], key: str, strategy: st.SearchStrategy[Any]) -> None:
        if draw(st.booleans()):
            data[key] = draw(strategy)

    data: dict[str, Any] = {
        "id": "urn:vereinbar:programme:" + draw(st.from_regex(r"\A[a-z0-9][a-z0-9.-]{0,15}\Z")),
        "version": draw(st.from_regex(r"\A[0-9A-Za-z][0-9A-Za-z.+_-]{0,8}\Z")),
        "kind": draw(st.sampled_from(KINDS)),
        "languages": languages,
        "default_language": default,
        "title": text(),
    }
    if draw(st.booleans()):
        data["format"] = 1
    if draw(st.booleans()):
        data["summary"] = text()

    scales = []
    for scale_id in draw(unique_keys(0, 2)):
        values = draw(unique_keys(2, 3))
        meets = draw(st.integers(0, len(values) - 1))
        options = []
        for index, value in enumerate(values):
            option: dict[str, Any] = {"value": value, "label": text()}
            if index == meets or draw(st.booleans()):
                option["meets"] = index == meets or draw(st.booleans())
            options.append(option)
        scale: dict[str, Any] = {"id": scale_id, "options": options}
        if draw(st.booleans()):
            scale["title"] = text()
        scales.append(scale)
    if scales or draw(st.booleans()):
        data["status_scales"] = scales

    codes: list[str] = []
    scored: dict[str, int] = {}  # code → max score
    weighted: dict[str, float] = {}  # code → max score × weight

    def assessment() -> dict[str, Any] | None:
        kind = draw(
            st.sampled_from(["none", "status", "score", "text", None] if scales else ["none", "score", "text", None])
        )
        if kind is None:
            return None
        out: dict[str, Any] = {"kind": kind}
        if kind == "status":
            out["scale"] = draw(st.sampled_from([s["id"] for s in scales]))
        elif kind == "score":
            out["max"] = draw(st.integers(1, 10))
            maybe(out, "weight", st.sampled_from([1, 2, 0.5, 1.5]))
            maybe(out, "pass_score", st.integers(0, out["max"]))
        elif kind == "text":
            low = draw(st.integers(0, 50))
            maybe(out, "min_length", st.just(low))
            maybe(out, "max_length", st.integers(max(1, low), 500))
        return out

    def criterion(code: str, depth: int) -> dict[str, Any]:
        codes.append(code)
        item: dict[str, Any] = {"code": code, "title": text()}
        for key in ("question", "guidance"):
            if draw(st.booleans()):
                item[key] = text()
        for key in ("required", "evidence_required", "public"):
            maybe(item, key, st.booleans())
        found = assessment()
        if found is not None:
            item["assessment"] = found
            if found["kind"] == "score":
                scored[code] = found["max"]
                weighted[code] = found["max"] * found.get("weight", 1)
        if depth < 2:
            children = draw(st.integers(0, 2))
            if children or draw(st.booleans()):
                item["criteria"] = [criterion(f"{code}.{i + 1}", depth + 1) for i in range(children)]
        return item

    fields = []
    field_codes = []
    for i in range(draw(st.integers(0, 3))):
        code = draw(st.sampled_from([str(i + 1), f"F{i + 1}", f"A-{i + 1}"]))
        field_codes.append(code)
        codes.append(code)
        field: dict[str, Any] = {"code": code, "title": text()}
        if draw(st.booleans()):
            field["description"] = text()
        count = draw(st.integers(0, 3))
        field["criteria"] = [criterion(f"{code}.{j + 1}", 0) for j in range(count)]
        fields.append(field)
    if fields or draw(st.booleans()):
        data["action_fields"] = fields

    levels = []
    for index, level_id in enumerate(draw(unique_keys(0, 3))):
        level: dict[str, Any] = {"id": level_id, "title": text()}
        if draw(st.booleans()):
            level["description"] = text()
        rule: dict[str, Any] = {}
        maybe(rule, "all_required_met", st.booleans())
        criterion_codes = [c for c in codes if c not in field_codes]
        if criterion_codes:
            maybe(rule, "criteria_met", st.lists(st.sampled_from(criterion_codes), unique=True, max_size=3))
        if scored:
            maybe(rule, "min_total_percent", st.integers(0, 100))
            maybe(rule, "min_score_each", st.integers(0, 3))
            maybe(rule, "min_total_score", st.integers(0, int(sum(weighted.values()))))
            chosen = draw(st.lists(st.sampled_from(sorted(scored)), unique=True, max_size=2))
            if chosen:
                rule["min_scores"] = {code: draw(st.integers(0, int(scored[code]))) for code in chosen}
        if index and draw(st.booleans()):
            rule["requires_level"] = draw(st.sampled_from([lv["id"] for lv in levels]))
        if rule or draw(st.booleans()):
            level["rule"] = rule
        levels.append(level)
    if levels or draw(st.booleans()):
        data["levels"] = levels

    stage_ids = draw(unique_keys(1, 3))
    awards: dict[str, dict[str, Any] | None] = {}
    for stage_id in stage_ids:
        if draw(st.booleans()):
            award: dict[str, Any] = {"validity_months": draw(st.one_of(st.none(), st.integers(1, 60)))}
            if levels and draw(st.booleans()):
                award["levels"] = draw(st.lists(st.sampled_from([lv["id"] for lv in levels]), unique=True))
            awards[stage_id] = award
        else:
            awards[stage_id] = None
    last = stage_ids[-1]
    repeating_last = draw(st.booleans())
    loop_back = draw(st.sampled_from(stage_ids)) if repeating_last else None
    successors = {sid: stage_ids[i + 1] for i, sid in enumerate(stage_ids[:-1])}
    if loop_back is not None:
        successors[last] = loop_back
    after_expiring = {
        nxt for sid, nxt in successors.items() if awards[sid] is not None and awards[sid]["validity_months"] is not None
    }
    stages = []
    for stage_id in stage_ids:
        stage: dict[str, Any] = {"id": stage_id, "title": text()}
        if draw(st.booleans()):
            stage["description"] = text()
        if awards[stage_id] is not None:
            stage["award"] = awards[stage_id]
        maybe(stage, "duration_months", st.integers(1, 48))
        maybe(stage, "survey_instrument", st.just("urn:vereinbar:instrument:" + stage_id.replace("_", "-")))
        if stage_id == last and repeating_last:
            stage["repeating"] = True
            if loop_back != last or draw(st.booleans()):
                stage["next"] = loop_back
        elif stage_id in successors:
            stage["next"] = successors[stage_id]
            maybe(stage, "repeating", st.just(False))
        anchors = ["stage_start", "phase_open"]
        if awards[stage_id] is not None:
            anchors.append("award")
        if stage_id in after_expiring:
            anchors.append("expiry")
        phases = []
        for phase_id in draw(unique_keys(1, 3)):
            phase: dict[str, Any] = {
                "id": phase_id,
                "title": text(),
                "deliverable": draw(st.sampled_from(DELIVERABLES)),
                "actor": draw(st.sampled_from(ROLES)),
            }
            if draw(st.booleans()):
                phase["description"] = text()
            if draw(st.booleans()):
                gate: dict[str, Any] = {}
                earlier = [p["id"] for p in phases]
                if draw(st.booleans()):
                    gate["requires"] = draw(st.lists(st.sampled_from(earlier), unique=True)) if earlier else []
                maybe(gate, "accepted_by", st.sampled_from(ROLES))
                phase["gate"] = gate
            if draw(st.booleans()):
                due: dict[str, Any] = {"anchor": draw(st.sampled_from(anchors))}
                maybe(due, "months", st.integers(-24, 36))
                maybe(due, "days", st.integers(-30, 30))
                if draw(st.booleans()):
                    due["repeat_every_months"] = draw(st.integers(1, 24))
                    maybe(due, "repeat_count", st.integers(1, 5))
                phase["due"] = due
            if codes and draw(st.booleans()):
                phase["scope"] = draw(st.lists(st.sampled_from(codes), unique=True, max_size=3))
            phases.append(phase)
        stage["phases"] = phases
        stages.append(stage)
    data["stages"] = stages

    if draw(st.booleans()):
        publication: dict[str, Any] = {}
        maybe(publication, "directory", st.booleans())
        maybe(publication, "show", st.lists(st.sampled_from(SHOW), unique=True))
        data["publication"] = publication
    if field_codes and draw(st.booleans()):
        data["measures"] = [
            {"id": measure_id, "action_field": draw(st.sampled_from(field_codes)), "title": text()}
            for measure_id in draw(unique_keys(0, 3))
        ]
    return data
