"""An award's programme texts in a reader's language, each with the language it is really in:
a programme that has no text in that language falls back to another one, and the page, the
certificate or the seal marks such a text with ``lang`` (as the programme pages do)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from vereinbar.programmes.display import Text
from vereinbar.programmes.models import Localised, ProgrammeKind

from .models import Award


def _text(obj: Localised, field: str, language: str, default: str = "") -> Text:
    text, lang = obj.localised_with_language(field, language)
    if not text:
        return Text(default, language, False)
    return Text(text, lang, lang != language)


@dataclass(frozen=True)
class AwardTexts:
    programme: Text
    stage: Text
    level: Text | None


def award_texts(award: Award, language: str) -> AwardTexts:
    """The programme's title, the stage's and the level's in ``language`` (or their fallback)."""
    language = language[:2]
    return AwardTexts(
        programme=_text(award.version, "title", language),
        stage=_text(award.stage, "title", language, award.stage.key),
        level=_text(award.level, "title", language, award.level.key) if award.level else None,
    )


def since_sentence(kind: str, day: str) -> str:
    """ "Recognised since 20 February 2017" (``day`` as the reader's date), phrased for the kind
    of award, in the active language: what the profile, the verification page and the seal say."""
    if kind == ProgrammeKind.CERTIFICATION:
        return _("Certified since %(date)s") % {"date": day}
    if kind == ProgrammeKind.RECOGNITION:
        return _("Recognised since %(date)s") % {"date": day}
    if kind == ProgrammeKind.CHARTER:
        return _("Charter signed on %(date)s") % {"date": day}
    return _("Taking part since %(date)s") % {"date": day}


def awarded_sentence(kind: str, day: str) -> str:
    """ "Certified on 1 September 2024": the day of one award (``day`` as the reader's date),
    phrased for its kind, in the active language: what the profile and the seal say where the
    programme publishes the awards' dates but not their end or the start of their run."""
    if kind == ProgrammeKind.CERTIFICATION:
        return _("Certified on %(date)s") % {"date": day}
    if kind == ProgrammeKind.RECOGNITION:
        return _("Recognised on %(date)s") % {"date": day}
    if kind == ProgrammeKind.CHARTER:
        return _("Charter signed on %(date)s") % {"date": day}
    return _("Taking part since %(date)s") % {"date": day}
