"""The decision on a cycle (grant with level, defer, refuse) and the level the rules compute.

The level comes from the programme definition's rules alone (``programmes.levels``), over
the cycle's answers with the reviewer's verdicts and the levels held before; the decision
stores it with every reason, so the decision can be explained later.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vereinbar.accounts.models import User
from vereinbar.activity.services import entry_record
from vereinbar.activity.updates import model_update
from vereinbar.core.signals import organisations_changed
from vereinbar.programmes.levels import LevelOutcome, reason_text, text_in
from vereinbar.programmes.models import DeliverableKind, Level

from ..award_hooks import award_grant
from ..award_mails import grant_mail_context
from ..models import Cycle, CycleStatus, Decision, DecisionOutcome, PhaseRun, PhaseStatus
from ..permissions import phase_parties
from ..selectors import cycle_level, cycle_withheld, decision_run, repeatable_runs, withheld_waits
from ..workflow import CYCLE_TRANSITIONS, PHASE_TRANSITIONS, Party, TransitionRefused, transition_check
from . import _common as c
from .phases import _refuse_locked, cycle_progress, phase_label

if TYPE_CHECKING:
    from ..award_hooks import CycleAward

CYCLE = gettext_lazy("the cycle")


def outcome_json(outcome: LevelOutcome) -> list[dict[str, Any]]:
    return [
        {
            "level": check.level,
            "title": check.title,
            "reached": check.reached,
            "reasons": [
                {
                    "code": r.code,
                    "satisfied": r.satisfied,
                    "message": r.message,
                    "criterion": r.criterion,
                    "text": r.text,
                    "params": dict(r.params),
                }
                for r in check.reasons
            ],
        }
        for check in outcome.checks
    ]


def _level_for_grant(cycle: Cycle, outcome: LevelOutcome, level_key: str | None) -> Level | None:
    awardable = {level.key: level for level in cycle.stage.awardable_levels.all()}
    if not awardable:
        if level_key:
            raise ValidationError({"level": _("This stage awards no levels.")})
        return None
    key = level_key or outcome.level
    if key is None:
        raise TransitionRefused(
            _("No level of this stage is reached, so it cannot be granted: defer or refuse. %(reasons)s")
            % {"reasons": _reasons_text(outcome)}
        )
    if key not in awardable:
        raise ValidationError({"level": _("This stage does not award the level “%(level)s”.") % {"level": key}})
    check = outcome.check(key)
    if not check.reached:
        failed = " ".join(reason.message for reason in check.reasons if not reason.satisfied)
        raise TransitionRefused(
            _("The level “%(level)s” is not reached: %(reasons)s") % {"level": check.title, "reasons": failed}
        )
    return awardable[key]


def _reasons_text(outcome: LevelOutcome) -> str:
    return " ".join(
        f"{check.title}: " + " ".join(reason.message for reason in check.reasons if not reason.satisfied)
        for check in outcome.checks
    )


def _grant(*, cycle: Cycle, actor: User | None, level: Level | None, on: date) -> CycleAward:
    """The cycle is awarded; certificates makes its award in this transaction (``award_hooks``)."""
    cycle.status = CycleStatus.AWARDED
    cycle.save(update_fields=["status"])
    return award_grant(actor=actor, cycle=cycle, level=level, issued_on=on)


def _decision_record(*, cycle: Cycle, outcome: str, level_outcome: LevelOutcome, **fields: Any) -> Decision:
    """A decision with what the rules computed (level, reasons, score) beside what was decided."""
    return Decision.objects.create(
        cycle=cycle,
        outcome=outcome,
        computed_level=level_outcome.level or "",
        reasons=outcome_json(level_outcome),
        total_score=level_outcome.total_score,
        **fields,
    )


def _refused_close(*, cycle: Cycle, on: date, reason: str) -> None:
    """The refused cycle closes with the reason; the directory hears of it."""
    cycle.status, cycle.closed_on, cycle.status_reason = CycleStatus.REFUSED, on, reason
    cycle.save(update_fields=["status", "closed_on", "status_reason"])
    organisations_changed(organisation_ids=[cycle.organisation_id])


def cycle_decide(
    *,
    actor: User,
    cycle: Cycle,
    outcome: str,
    level_key: str | None = None,
    comment: str = "",
    board_round: str = "",
    decided_on: date | None = None,
) -> Decision:
    """Grant (with the level the rules give, or a lower one reached), defer or refuse the cycle.

    Only on the stage's decision phase, once its gate is met, by the phase's actor (the
    board or the operator, as the programme says)."""
    if outcome not in DecisionOutcome.values:
        raise ValidationError({"outcome": _("Choose grant, defer or refuse.")})
    if outcome == DecisionOutcome.REFUSE and not comment.strip():
        raise ValidationError({"comment": _("Give the reason for refusing.")})
    # An award is issued on the decision's date: one to come would number it and run its
    # validity from a day nobody has decided on yet.
    if decided_on is not None and decided_on > c.today():
        raise ValidationError({"decided_on": _("A decision cannot be dated in the future.")})
    on = decided_on or c.today()
    with transaction.atomic():
        c.lock(cycle)
        run = decision_run(cycle)
        if run is None:
            raise TransitionRefused(
                _("This stage has no decision phase: the award is granted when every phase is accepted.")
            )
        parties = c.party_set(actor, cycle)
        placeholders = phase_parties(run.phase)
        target = {
            DecisionOutcome.GRANT: CycleStatus.AWARDED if cycle.stage.gives_award else CycleStatus.OPEN,
            DecisionOutcome.DEFER: CycleStatus.OPEN,
            DecisionOutcome.REFUSE: CycleStatus.REFUSED,
        }[DecisionOutcome(outcome)]
        transition_check(
            CYCLE_TRANSITIONS, cycle.status, target, parties=parties, placeholders=placeholders, label=CYCLE
        )
        _refuse_locked(run)
        if outcome != DecisionOutcome.DEFER:
            transition_check(
                PHASE_TRANSITIONS,
                run.status,
                PhaseStatus.ACCEPTED,
                parties=parties,
                placeholders=placeholders,
                label=phase_label(run),
            )
        level_outcome = cycle_level(cycle)
        level = _level_for_grant(cycle, level_outcome, level_key) if outcome == DecisionOutcome.GRANT else None
        decision = _decision_record(
            cycle=cycle,
            outcome=outcome,
            level_outcome=level_outcome,
            phase_run=run,
            level=level,
            comment=comment.strip(),
            board_round=board_round.strip(),
            decided_on=on,
            decided_by=actor,
        )
        before = cycle.status
        if outcome != DecisionOutcome.DEFER:
            run.status, run.accepted_by = PhaseStatus.ACCEPTED, actor
            # The decision's date when one is given (a replayed history), else now.
            run.accepted_at = run.submitted_at = (
                timezone.make_aware(datetime.combine(on, time(12))) if decided_on else timezone.now()
            )
            run.save(update_fields=["status", "accepted_by", "accepted_at", "submitted_at", "updated_at"])
        award = None
        if outcome == DecisionOutcome.GRANT and cycle.stage.gives_award:
            award = _grant(cycle=cycle, actor=actor, level=level, on=on)
        elif outcome == DecisionOutcome.REFUSE:
            _refused_close(cycle=cycle, on=on, reason=comment.strip())
        verb = {
            DecisionOutcome.GRANT: c.VERB_GRANTED,
            DecisionOutcome.DEFER: c.VERB_DEFERRED,
            DecisionOutcome.REFUSE: c.VERB_REFUSED,
        }[DecisionOutcome(outcome)]
        entry_record(
            actor=actor,
            verb=verb,
            target=cycle,
            organisation=cycle.organisation,
            before={"status": before},
            after={
                "status": cycle.status,
                "level": level.key if level else None,
                "computed_level": level_outcome.level,
                "award": award.number if award else None,
            },
            comment=comment.strip(),
        )
        c.notify(
            cycle,
            {Party.COORDINATOR, Party.OPERATOR, Party.AUDITOR},
            f"cycle_{outcome}",
            context={"decision": decision, "award": award, **grant_mail_context(cycle=cycle, award=award)},
            employer_context={"website": True} if award is not None else None,
        )
        if outcome == DecisionOutcome.GRANT:
            cycle_progress(cycle=cycle, actor=actor, on=on)
    return decision


def award_grant_automatically(*, cycle: Cycle, actor: User | None, on: date) -> Decision:
    """A stage that gives an award but has no decision phase: every phase before the award is
    accepted, so the award follows (with the highest level reached). Inside a transaction.

    A stage that awards levels gives no award when none of them is reached: the decision is
    then an automatic deferral, the cycle stays in progress and its reason says what is missing
    (``award_withheld_automatically``)."""
    transition_check(
        CYCLE_TRANSITIONS, cycle.status, CycleStatus.AWARDED, parties=frozenset({Party.SYSTEM}), label=CYCLE
    )
    level_outcome = cycle_level(cycle)
    awardable = {level.key: level for level in cycle.stage.awardable_levels.all()}
    level = awardable.get(level_outcome.level or "") if awardable else None
    if awardable and level is None:
        return award_withheld_automatically(cycle=cycle, actor=actor, on=on, outcome=level_outcome)
    decision = _decision_record(
        cycle=cycle,
        outcome=DecisionOutcome.GRANT,
        level_outcome=level_outcome,
        level=level,
        automatic=True,
        decided_on=on,
        decided_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    award = _grant(cycle=cycle, actor=actor, level=level, on=on)
    entry_record(
        actor=actor,
        verb=c.VERB_GRANTED,
        target=cycle,
        organisation=cycle.organisation,
        before={"status": CycleStatus.OPEN.value},
        after={"status": cycle.status, "level": level.key if level else None, "award": award.number},
    )
    c.notify(
        cycle,
        {Party.COORDINATOR, Party.OPERATOR},
        "cycle_grant",
        context={"decision": decision, "award": award, **grant_mail_context(cycle=cycle, award=award)},
        employer_context={"website": True},
    )
    return decision


def award_withheld_automatically(*, cycle: Cycle, actor: User | None, on: date, outcome: LevelOutcome) -> Decision:
    """No level of the stage is reached where the award would follow by itself: no award. The
    automatic decision defers, storing every reason as data (condition codes and figures, said in
    the reader's language when shown: ``withheld_text``); the cycle stays in progress, and
    coordinator and operator are told. Inside a transaction."""
    reasons = outcome_json(outcome)
    last = cycle.decisions.order_by("-pk").first()
    if (
        last is not None
        and last.automatic
        and last.outcome == DecisionOutcome.DEFER
        and _conditions(last.reasons) == _conditions(reasons)
    ):
        return last  # nothing changed since: said once
    decision = Decision.objects.create(
        cycle=cycle,
        outcome=DecisionOutcome.DEFER,
        level=None,
        computed_level="",
        reasons=reasons,
        total_score=outcome.total_score,
        automatic=True,
        decided_on=on,
        decided_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    said = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            said[language] = withheld_text(decision)
    entry_record(
        actor=actor,
        verb=c.VERB_DEFERRED,
        target=cycle,
        organisation=cycle.organisation,
        before={"status": cycle.status},
        # The history keeps texts as one per language (``activity.display``), from the same data.
        after={"status": cycle.status, "status_reason": said, "level": None, "award": None},
    )
    c.notify(cycle, {Party.COORDINATOR, Party.OPERATOR}, "cycle_defer", context={"decision": decision})
    return decision


def _conditions(reasons: Any) -> list[Any]:
    """The failed conditions of stored reasons, without the sentences' language."""
    return [
        (check.get("level"), [(r.get("code"), r.get("text") or r.get("message"), r.get("params")) for r in failed])
        for check in reasons or []
        if (failed := [r for r in check.get("reasons", []) if not r.get("satisfied")])
    ]


def withheld_conditions(decision: Decision) -> list[dict[str, Any]]:
    """What an automatic deferral found missing, as data and in the active language: per level,
    its title and each failed condition's code, values and sentence (the API gives exactly this)."""
    definition = decision.cycle.version.definition
    titles = {level["id"]: level.get("title") for level in definition.get("levels", [])}
    result = []
    for check in decision.reasons or []:
        failed = [reason for reason in check.get("reasons", []) if not reason.get("satisfied")]
        if not failed:
            continue
        result.append(
            {
                "level": check.get("level"),
                "title": text_in(titles.get(check.get("level")), definition) or check.get("title", ""),
                "conditions": [
                    {
                        "code": reason.get("code"),
                        "criterion": reason.get("criterion"),
                        "values": reason.get("params") or {},
                        # Reasons stored before their values were: the sentence as it was written.
                        "text": reason_text(reason["text"], reason.get("params") or {})
                        if reason.get("text")
                        else reason.get("message", ""),
                    }
                    for reason in failed
                ],
            }
        )
    return result


def withheld_text(decision: Decision) -> str:
    """Why an automatic deferral gave no award, in the active language (one sentence per condition)."""
    reasons = " ".join(
        f"{level['title']}: " + " ".join(condition["text"] for condition in level["conditions"])
        for level in withheld_conditions(decision)
    )
    return _("No award: no level of this stage is reached. %(reasons)s") % {"reasons": reasons}


# --- Ways on from an award the rules withheld --------------------------------------------
#
# A stage without decision phase whose award follows the rules defers by itself when no level is
# reached (``award_withheld_automatically``): the cycle stays in progress. Its ways on: the phase
# whose result fell short is done again (``phase_reopen``, by its actor or returned by the
# operator); the operator refuses the award and closes the cycle (``cycle_refuse_withheld``); the
# coordinator withdraws (``cycle_withdraw``). Nobody grants a level the rules do not reach: such a
# stage has no decision of people to override them.

# Who decides on a cycle whose stage has no decision phase: ACTOR of the cycle's transitions.
WITHHELD_DECIDERS = {Party.ACTOR: frozenset({Party.OPERATOR})}


def _refuse_not_withheld(cycle: Cycle) -> Decision:
    withheld = withheld_waits(cycle)
    if withheld is None or decision_run(cycle) is not None:
        raise TransitionRefused(_("This is possible only while the cycle waits on an award the rules withheld."))
    return withheld


def phase_reopen(*, actor: User, run: PhaseRun, reason: str = "", on: date | None = None) -> PhaseRun:
    """Do an accepted phase again, because the cycle's award was withheld by the rules and the
    phase's result is what they read (``selectors.repeatable_runs``): the phase is open again, its
    people work on it and submit it as before, and when it is done the award follows (or is
    withheld) from the new result. By the phase's actor (say why if you like) or the operator
    (who says why: the employer reads it)."""
    reason = reason.strip()
    on = on or c.today()
    with transaction.atomic():
        run = c.lock_run(run)
        cycle = run.cycle
        _refuse_not_withheld(cycle)
        parties = c.party_set(actor, cycle)
        placeholders = phase_parties(run.phase)
        transition_check(
            PHASE_TRANSITIONS,
            run.status,
            PhaseStatus.OPEN,
            parties=parties,
            placeholders=placeholders,
            label=phase_label(run),
        )
        if run.pk not in {repeatable.pk for repeatable in repeatable_runs(cycle)}:
            raise TransitionRefused(
                _("“%(phase)s” cannot be done again: the rules do not read its result, or a later phase stands on it.")
                % {"phase": str(run)}
            )
        by_actor = bool(parties & placeholders[Party.ACTOR])
        if not by_actor and not reason:
            raise ValidationError({"reason": _("Say why the phase is to be done again.")})
        # A due date already past would make the phase late the day it opens: it has none then.
        due_on = run.due_on if run.due_on is not None and run.due_on >= on else None
        model_update(
            run,
            {
                "status": PhaseStatus.OPEN,
                "opened_on": on,
                "due_on": due_on,
                "submitted_at": None,
                "submitted_by": None,
                "accepted_at": None,
                "accepted_by": None,
            },
            actor=actor,
            verb=c.VERB_PHASE_REOPENED,
            organisation=cycle.organisation,
            recorded=("status",),
            comment=reason,
        )
        c.notify(
            cycle,
            c.actor_parties_of_phase(run) | {Party.OPERATOR},
            "phase_reopened",
            run=run,
            context={"comment": reason, "withheld": True},
            exclude=actor,
        )
    return run


def cycle_refuse_withheld(*, actor: User, cycle: Cycle, reason: str, on: date | None = None) -> Decision:
    """Refuse the award of a cycle the rules withheld, closing the cycle (the operator, with the
    reason the employer reads). The decision keeps the level check as it stands, like any decision."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for refusing.")})
    on = on or c.today()
    with transaction.atomic():
        c.lock(cycle)
        _refuse_not_withheld(cycle)
        transition_check(
            CYCLE_TRANSITIONS,
            cycle.status,
            CycleStatus.REFUSED,
            parties=c.party_set(actor, cycle),
            placeholders=WITHHELD_DECIDERS,
            label=CYCLE,
        )
        level_outcome = cycle_level(cycle)
        decision = _decision_record(
            cycle=cycle,
            outcome=DecisionOutcome.REFUSE,
            level_outcome=level_outcome,
            level=None,
            comment=reason,
            decided_on=on,
            decided_by=actor,
        )
        before = cycle.status
        _refused_close(cycle=cycle, on=on, reason=reason)
        entry_record(
            actor=actor,
            verb=c.VERB_REFUSED,
            target=cycle,
            organisation=cycle.organisation,
            before={"status": before},
            after={"status": cycle.status},
            comment=reason,
        )
        c.notify(
            cycle, {Party.COORDINATOR, Party.OPERATOR, Party.AUDITOR}, "cycle_refuse", context={"decision": decision}
        )
    return decision


def withheld_unchanged(run: PhaseRun) -> Decision | None:
    """The withheld award's deferral when ``run`` is a phase done again after it (``phase_reopen``:
    in progress while the cycle's latest decision is that deferral) and completing it now would
    change nothing: the level rules, counting the phase as done, still find the same conditions
    unmet (``_conditions``, as ``award_withheld_automatically`` compares them), so the award would
    be withheld again for the same reasons. The phase page says so and offers the way to a new
    result first (for a staff survey: a new survey, which completes the phase by itself when it
    closes with results, whatever its figures). Completing it unchanged stays possible: it is the
    way back to the cycle waiting on the withheld award, where the operator can refuse and close
    (``cycle_refuse_withheld`` needs no phase in progress)."""
    if run.status not in (PhaseStatus.OPEN, PhaseStatus.RETURNED):
        return None
    if not (run.phase.deliverable == DeliverableKind.SURVEY or run.phase.records_answers):
        return None
    withheld = cycle_withheld(run.cycle)
    if withheld is None:
        return None
    now = outcome_json(cycle_level(run.cycle, done=[run.phase.key]))
    return withheld if _conditions(now) == _conditions(withheld.reasons) else None
