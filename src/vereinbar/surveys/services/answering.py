"""Answering a survey: what a token opens, saving drafts, submitting, releasing answers.

Submitting marks the invitation used and seals the draft in one transaction, so an
acknowledged answer is never lost and a token answers once. Sealed drafts are moved into
anonymous responses in shuffled batches of at least k (``responses_release``), and all of
a survey's responses are rewritten in random order when it closes: neither the key nor the
physical order of a response row follows the order in which tokens were used.
"""

from __future__ import annotations

import functools
import random
import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import tokens
from ..encoding import decode_many, encode
from ..instrument import InstrumentSpec
from ..models import (
    InstrumentVersion,
    Response,
    ResponseComment,
    ResponseDraft,
    ScaleResult,
    Survey,
    SurveyInvitation,
    SurveyStatus,
)

_random = random.SystemRandom()


class TokenState(StrEnum):
    OPEN = "open"  # answering possible
    USED = "used"  # answers already submitted with this token
    NOT_STARTED = "not_started"  # the survey is in preparation
    ENDED = "ended"  # the field period is over or the survey is closed


@dataclass(frozen=True)
class Opened:
    """What a token opens: the survey, its state, and (when answering is possible) the draft."""

    survey: Survey
    state: TokenState
    token: str
    invitation: SurveyInvitation | None = None
    draft: ResponseDraft | None = None


def _state(survey: Survey) -> TokenState:
    if survey.status == SurveyStatus.DRAFT:
        return TokenState.NOT_STARTED
    if survey.status == SurveyStatus.CLOSED or (survey.closes_on and timezone.localdate() > survey.closes_on):
        return TokenState.ENDED
    return TokenState.OPEN


def token_open(*, raw_token: str) -> Opened | None:
    """The survey and draft behind a link token or printed code; None when it is unknown."""
    token = tokens.normalise(raw_token)
    if token is None:
        return None
    # The definition is parsed once per process (InstrumentVersion.spec caches it by content
    # hash), so it is loaded only when a process has not seen this version yet.
    related = ("survey__instrument_version", "survey__organisation")
    invitation = (
        SurveyInvitation.objects.select_related(*related)
        .defer("survey__instrument_version__definition")
        .filter(token_hash=tokens.token_hash(token))
        .first()
    )
    drafts = ResponseDraft.objects.filter(key_hash=tokens.draft_key(token))
    if invitation is not None:
        draft = drafts.first()
        if draft is not None:
            draft.survey = invitation.survey  # already loaded: no second join
    else:
        draft = drafts.select_related(*related).defer("survey__instrument_version__definition").first()
    if invitation is not None:
        survey = invitation.survey
        if invitation.used:
            return Opened(survey, TokenState.USED, token, invitation)
    elif draft is not None:
        survey = draft.survey
        if draft.submitted:
            return Opened(survey, TokenState.USED, token)
    else:
        return None
    state = _state(survey)
    if state != TokenState.OPEN:
        return Opened(survey, state, token, invitation)
    if draft is None:
        assert invitation is not None
        draft, _created = ResponseDraft.objects.get_or_create(
            key_hash=tokens.draft_key(token),
            defaults={"survey": survey, "unit_id": invitation.unit_id, "unit_fixed": invitation.unit_id is not None},
        )
    return Opened(survey, state, token, invitation, draft)


def open_code_start(*, code: str) -> str | None:
    """Start answering with the shared code of an open-link survey: a new personal resume token."""
    normalised = tokens.normalise(code)
    if normalised is None or len(normalised) != tokens.OPEN_CODE_LENGTH:
        return None
    survey = Survey.objects.filter(open_code=normalised, status=SurveyStatus.OPEN).first()
    if survey is None or _state(survey) != TokenState.OPEN:
        return None
    token = tokens.new_resume_token()
    ResponseDraft.objects.create(survey=survey, key_hash=tokens.draft_key(token))
    return token


def draft_save(*, draft: ResponseDraft, page: int, answers: dict[str, Any], unit_id: int | None = None) -> None:
    """Keep the answers of one page (an empty answer removes an earlier one) and where the person is."""
    if draft.submitted:
        raise ValidationError(_("These answers have already been submitted."))
    merged = dict(draft.answers)
    for key, value in answers.items():
        if value in (None, "", []):
            merged.pop(key, None)
        else:
            merged[key] = value
    draft.answers = merged
    draft.page = page
    fields = ["answers", "page"]
    if not draft.unit_fixed and unit_id is not None:
        draft.unit_id = unit_id or None
        fields.append("unit")
    draft.save(update_fields=fields)


def draft_submit(*, opened: Opened) -> None:
    """Submit: the token is used up and the answers sealed, in one transaction."""
    if opened.state != TokenState.OPEN or opened.draft is None:
        raise ValidationError(_("This link can no longer be used to answer."))
    result = token_submit(raw_token=opened.token)
    if result == TokenState.USED:
        raise ValidationError(_("These answers have already been submitted."))
    if result != TokenState.OPEN:
        raise ValidationError(_("This link can no longer be used to answer."))


class _Names:
    """A model's quoted table name (``{invitation}``) and column names (``{invitation.used}``)."""

    def __init__(self, model: type[models.Model]) -> None:
        self.model = model

    def __format__(self, _spec: str) -> str:
        return connection.ops.quote_name(self.model._meta.db_table)

    def __getattr__(self, field: str) -> str:
        found = self.model._meta.get_field(field)
        if not isinstance(found, models.Field):
            raise AttributeError(f"{field} is a relation of {self.model.__name__}, not a column")
        return connection.ops.quote_name(str(found.column))


# Submitting is the one request that many people send at the same moment (after a staff meeting,
# after the reminder mail). Compiling these as ORM queries took several times longer than running
# them, so they are written out once; table and column names come from the models, every value
# is a parameter.
_SUBMIT_SQL = {
    "invitation": "SELECT {i.id}, {i.survey}, {i.unit}, {i.used} FROM {i} WHERE {i.token_hash} = %s",
    "draft": "SELECT {d.id}, {d.survey}, {d.submitted} FROM {d} WHERE {d.key_hash} = %s",
    # The field period has ended when closes_on < today (ISO dates compare as text on SQLite).
    "survey": "SELECT {s.status}, {s.min_group_size}, {s.instrument_version}, "
    "CASE WHEN {s.closes_on} IS NOT NULL AND {s.closes_on} < %s THEN 1 ELSE 0 END FROM {s} WHERE {s.id} = %s",
    "use": "UPDATE {i} SET {i.used} = %s WHERE {i.id} = %s AND {i.used} = %s",
    # The survey must still be open when the seal is written: a survey closing at the same moment
    # either finds this draft sealed (and releases it) or this statement finds the survey closed.
    "seal": "UPDATE {d} SET {d.submitted} = %s WHERE {d.id} = %s AND {d.submitted} = %s "
    "AND EXISTS (SELECT 1 FROM {s} WHERE {s.id} = %s AND {s.status} = %s)",
    "waiting": "SELECT COUNT(*) FROM {d} WHERE {d.survey} = %s AND {d.submitted} = %s",
}


@functools.cache
def _submit_sql(vendor: str) -> dict[str, str]:
    """The statements of a submission for this database (``vendor`` keys the cache)."""
    names = {"i": _Names(SurveyInvitation), "d": _Names(ResponseDraft), "s": _Names(Survey)}
    return {key: template.format_map(names) for key, template in _SUBMIT_SQL.items()}


class _AlreadySubmitted(Exception):
    """Raised inside the transaction to roll back a half-done submission."""


# Parsed definitions by instrument version: versions never change once loaded, so submitting
# and releasing need not read (and decode) the definition again in this process.
_SPECS: dict[int, InstrumentSpec] = {}


def version_spec(instrument_version_id: int) -> InstrumentSpec:
    spec = _SPECS.get(instrument_version_id)
    if spec is None:
        spec = _SPECS[instrument_version_id] = InstrumentVersion.objects.get(pk=instrument_version_id).spec
    return spec


def review_page(instrument_version_id: int) -> int:
    """The number of the review page (after the welcome page and one page per section)."""
    return len(version_spec(instrument_version_id).sections) + 1


def token_submit(*, raw_token: str, page: int | None = None) -> TokenState | None:
    """Submit the answers saved under a token: the invitation (if any) is marked used and the
    draft sealed in one transaction, which has committed when this returns ``OPEN``. Anything
    else is the reason nothing was submitted; None: the token is unknown, ``page`` (the page the
    form was sent from, if given) is not the review page, or the draft was being created by
    another request at the same moment (the caller takes the ordinary way then).

    Only after the commit may the person be told that their answers are in: with SQLite in WAL
    mode the commit is in the write-ahead log before ``COMMIT`` returns, so a process killed at
    any later point loses nothing (see docs/anonymity.md, "Submitting")."""
    token = tokens.normalise(raw_token)
    if token is None:
        return None
    sql = _submit_sql(connection.vendor)
    key_hash = tokens.draft_key(token)
    # Reads first, outside the write transaction (WAL readers never wait for the writer); the
    # conditional updates below re-check everything that can change in between.
    with connection.cursor() as cursor:
        cursor.execute(sql["invitation"], [tokens.token_hash(token)])
        invitation = cursor.fetchone()
        cursor.execute(sql["draft"], [key_hash])
        draft = cursor.fetchone()
        survey_id = invitation[1] if invitation is not None else draft[1] if draft is not None else None
        if survey_id is None:
            return None
        if (invitation is not None and invitation[3]) or (invitation is None and draft is not None and draft[2]):
            return TokenState.USED
        cursor.execute(sql["survey"], [timezone.localdate(), survey_id])
        found = cursor.fetchone()
    if found is None:
        return None
    status, min_group_size, instrument_version_id, ended = found
    if page is not None and page != review_page(instrument_version_id):
        return None
    if status == SurveyStatus.DRAFT:
        return TokenState.NOT_STARTED
    if status != SurveyStatus.OPEN or ended:
        return TokenState.ENDED
    # The survey as far as read; any other field is loaded on first use (deferred).
    known = {"id": survey_id, "status": status, "min_group_size": min_group_size}
    known["instrument_version_id"] = instrument_version_id
    fields = [f.attname for f in Survey._meta.concrete_fields if f.attname in known]
    survey = Survey.from_db(connection.alias, fields, [known[name] for name in fields])
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            if invitation is not None:
                cursor.execute(sql["use"], [True, invitation[0], False])
                if cursor.rowcount != 1:
                    raise _AlreadySubmitted
            if draft is None:
                # Submitted without ever opening a page of questions: an empty response.
                assert invitation is not None
                draft_id = ResponseDraft.objects.create(
                    survey_id=survey_id, key_hash=key_hash, unit_id=invitation[2], unit_fixed=invitation[2] is not None
                ).pk
            else:
                draft_id = draft[0]
            cursor.execute(sql["seal"], [True, draft_id, False, survey_id, SurveyStatus.OPEN.value])
            if cursor.rowcount != 1:
                raise _AlreadySubmitted
            cursor.execute(sql["waiting"], [survey_id, True])
            waiting = int(cursor.fetchone()[0])
            if waiting >= survey.release_batch_size:
                transaction.on_commit(lambda: _release(survey))
    except _AlreadySubmitted:
        return TokenState.USED
    except IntegrityError:
        return None  # the draft was created at the same moment by opening a page: nothing done
    return TokenState.OPEN


def _secure_delete() -> None:
    # SQLite: overwrite deleted content instead of leaving it in free pages.
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete = ON")


def responses_release(*, survey: Survey, final: bool = False) -> int:
    """Move sealed drafts into anonymous responses once at least k are waiting (all of them when
    ``final``), in random order. With ``final`` the survey's responses are also rewritten in
    random order under new keys, which erases the order of the batches."""
    waiting = ResponseDraft.objects.filter(survey=survey, submitted=True)
    if not final and waiting.count() < survey.release_batch_size:
        return 0  # a read, so most calls take the write lock only when there is something to do
    return _release(survey, final=final)


def _release(survey: Survey, *, final: bool = False) -> int:
    _secure_delete()
    with transaction.atomic():
        list(Survey.objects.select_for_update().filter(pk=survey.pk).values_list("pk"))
        drafts = list(ResponseDraft.objects.filter(survey=survey, submitted=True).only("unit", "answers"))
        if not final and len(drafts) < survey.release_batch_size:
            return 0
        spec = version_spec(survey.instrument_version_id)
        _random.shuffle(drafts)
        responses = [
            Response(id=uuid.uuid4(), survey=survey, unit_id=draft.unit_id, values=encode(spec, draft.answers))
            for draft in drafts
        ]
        comments = [
            ResponseComment(id=uuid.uuid4(), survey=survey, unit_id=draft.unit_id, item=item.key, text=text.strip())
            for draft in drafts
            for item in spec.text_items
            if isinstance(text := draft.answers.get(item.key), str) and text.strip()
        ]
        _random.shuffle(comments)
        ResponseDraft.objects.filter(pk__in=[draft.pk for draft in drafts]).delete()
        if final:
            responses += [
                Response(id=uuid.uuid4(), survey=survey, unit_id=unit_id, values=bytes(values))
                for unit_id, values in Response.objects.filter(survey=survey).values_list("unit_id", "values")
            ]
            comments += [
                ResponseComment(id=uuid.uuid4(), survey=survey, unit_id=unit_id, item=item, text=text)
                for unit_id, item, text in ResponseComment.objects.filter(survey=survey).values_list(
                    "unit_id", "item", "text"
                )
            ]
            Response.objects.filter(survey=survey).delete()
            ResponseComment.objects.filter(survey=survey).delete()
            _random.shuffle(responses)
            _random.shuffle(comments)
        Response.objects.bulk_create(responses, batch_size=500)
        ResponseComment.objects.bulk_create(comments, batch_size=500)
    return len(drafts)


def results_store(*, survey: Survey) -> None:
    """Keep a closed survey's whole-organisation figures per scale for trends and benchmarks."""
    from ..statistics import partition_moments, scale_scores

    spec = survey.instrument_version.spec
    answers = decode_many(spec, Response.objects.filter(survey=survey).values_list("values", flat=True))
    scores = scale_scores(
        answers[:, spec.scale_columns].astype(np.float64), spec.questionnaire, min_answered_share=spec.min_answered
    )
    moments = partition_moments(scores, np.zeros(scores.shape[0], dtype=np.int64), 1)
    ScaleResult.objects.filter(survey=survey).delete()
    ScaleResult.objects.bulk_create(
        ScaleResult(
            survey=survey,
            scale=scale.key,
            n=int(moments.n[0, index]),
            mean=float(np.nan_to_num(moments.mean[0, index])),
            m2=float(np.nan_to_num(moments.m2[0, index])),
        )
        for index, scale in enumerate(spec.scales)
    )
