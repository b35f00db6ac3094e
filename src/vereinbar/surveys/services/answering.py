"""Answering a survey: what a token opens, saving drafts, submitting, releasing answers.

Submitting marks the invitation used and seals the draft in one transaction, so an
acknowledged answer is never lost and a token answers once. Sealed drafts are moved into
anonymous responses in shuffled batches of at least k (``responses_release``), and all of
a survey's responses are rewritten in random order when it closes: neither the key nor the
physical order of a response row follows the order in which tokens were used.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import tokens
from ..encoding import decode_many, encode
from ..models import Response, ResponseComment, ResponseDraft, ScaleResult, Survey, SurveyInvitation, SurveyStatus

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
    draft = opened.draft
    if opened.state != TokenState.OPEN or draft is None:
        raise ValidationError(_("This link can no longer be used to answer."))
    survey = opened.survey
    with transaction.atomic():
        if opened.invitation is not None:
            marked = SurveyInvitation.objects.filter(pk=opened.invitation.pk, used=False).update(used=True)
            if not marked:
                raise ValidationError(_("These answers have already been submitted."))
        sealed = ResponseDraft.objects.filter(pk=draft.pk, submitted=False).update(submitted=True)
        if not sealed:
            raise ValidationError(_("These answers have already been submitted."))
        transaction.on_commit(lambda: responses_release(survey=survey))


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
        return 0  # a read, so most submissions take the write lock only once
    _secure_delete()
    with transaction.atomic():
        list(Survey.objects.select_for_update().filter(pk=survey.pk).values_list("pk"))
        drafts = list(ResponseDraft.objects.filter(survey=survey, submitted=True))
        if not final and len(drafts) < survey.release_batch_size:
            return 0
        spec = survey.instrument_version.spec
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
