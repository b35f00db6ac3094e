"""History entries as sentences in the reader's language.

An entry stores what happened in data: a verb, the target (type and id, plus its name as it was
then), before/after values as stored by the service. None of that is for people to read. This
module turns entries into ``Line``s when they are read, in the active language: the verb's
sentence (``sentences``) with the actor, the target named as it is named now in the reader's
language, and the changed values as "label: before → after" with the model field's label,
choice labels, dates in the locale's format and objects by their name. Ids, URNs, hashes and
internal keys are never shown; a value that was not set reads "not set". It works on every
entry ever written, since nothing here depends on how the entry was rendered when written.

The activity app sits below the domain apps, so it does not import them: objects are looked
up through their content type and named through what every model offers (``__str__`` in the
active language, ``localised_with_language`` of programme texts). The few models whose
history names need more than that (a phase run is named by its phase, in the cycle it
belongs to) are named by label in ``_NAMERS``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .models import Entry
from .sentences import FALLBACK, kind_label, kind_reader, sentence_for
from .verbs import verb_label


def _one_word(text: str) -> bool:
    """A short value with a hyphen but no space (award number "2017-00001", date "20-2-2017")
    reads as one word: pages keep it on one line, where a browser would break it after a hyphen."""
    return len(text) <= 24 and "-" in text and not any(character.isspace() for character in text)


@dataclass(frozen=True)
class Name:
    """A name or value as shown; ``lang`` is set when it is not in the reader's language."""

    text: str
    lang: str = ""

    def __str__(self) -> str:
        return self.text

    @property
    def is_word(self) -> bool:
        return _one_word(self.text)


@dataclass(frozen=True)
class Part:
    """A piece of a sentence: its own words, or a name put into it."""

    text: str
    lang: str = ""
    is_name: bool = False

    @property
    def is_word(self) -> bool:
        return self.is_name and _one_word(self.text)


@dataclass(frozen=True)
class Detail:
    """One recorded value: ``before`` is None when the entry records no earlier value."""

    label: str
    after: Name
    before: Name | None = None


@dataclass
class Line:
    entry: Entry
    when: datetime
    parts: list[Part]
    details: list[Detail] = field(default_factory=list)
    comment: str = ""
    # What the target belongs to (the cycle of a phase), for pages that mix several.
    context: Name | None = None
    # The entry's object as read with the page (None when it is gone), for pages that link it.
    target: Any = None

    @property
    def text(self) -> str:
        """The sentence as plain text."""
        return "".join(part.text for part in self.parts)

    @property
    def who(self) -> str:
        """Who did it, for exports: the address recorded for a person, else the platform in the reader's language."""
        label = self.entry.actor_label
        return str(_("The platform")) if _by_platform(label) else label


def _by_platform(label: str) -> bool:
    """An entry without a person: recorded as "system" or by a command ("vereinbar demo")."""
    return not label or label == "system" or label.startswith("vereinbar ")


# Keys kept in the data for machines only: never shown.
HIDDEN_KEYS = frozenset(
    {
        "programme",
        "identifier",
        "content_hash",
        "hash",
        "id",
        "cycle",
        "survey",
        "phase_run",
        "on_opening",
        "computed_level",
        "instrument",
        "scale",
    }
)

# Counts that go unsaid when nothing was counted, unless the object the entry is about says that
# none is news. A renewal of a stage that agreed goals (``Cycle.sets_goals`` of the cycle it
# renewed) that carried over none says so: every goal was reached or dropped. One of a stage
# without goals had none to carry (entries written before cycles stopped recording the key for
# such programmes say 0), and "goals carried over: 0" would read as if something went missing.
UNSAID_WHEN_NONE: dict[str, Callable[[Any], bool]] = {
    "goals_carried_over": lambda renewal: bool(
        getattr(getattr(renewal, "previous", None) or renewal, "sets_goals", False)
    ),
    # A survey answered by its open link invited nobody: "invited: 0" beside its 60 responses
    # would read as a contradiction.
    "invited": lambda survey: False,
}

# Keys that are no model field of the target (or need more than the field gives): their label
# and how their value reads.
_KEYS: dict[str, tuple[Any, str]] = {
    "answers": (gettext_lazy("criteria answered"), "list"),
    "report": (gettext_lazy("goals reported on"), "list"),
    "goal": (gettext_lazy("goal"), "text"),
    "goal_removed": (gettext_lazy("goal removed"), "text"),
    "measure": (gettext_lazy("measure"), "text"),
    "measure_removed": (gettext_lazy("measure removed"), "text"),
    "workshop": (gettext_lazy("meeting on"), "date"),
    "outcome": (gettext_lazy("result of the meeting"), "text"),
    "note": (gettext_lazy("text"), "characters"),
    "file": (gettext_lazy("file"), "text"),
    "criterion": (gettext_lazy("criterion"), "text"),
    "signer": (gettext_lazy("signed by"), "text"),
    "signed_on": (gettext_lazy("signed on"), "date"),
    "user": (gettext_lazy("person"), "person"),
    "auditor": (gettext_lazy("auditor"), "person"),
    "email": (gettext_lazy("e-mail address"), "text"),
    "level": (gettext_lazy("level"), "level"),
    "award": (gettext_lazy("award no."), "text"),
    "by": (gettext_lazy("replaced by award no."), "text"),
    "number": (gettext_lazy("number"), "text"),
    "version": (gettext_lazy("version"), "text"),
    "goals_carried_over": (gettext_lazy("goals carried over"), "number"),
    "role_holders_carried_over": (gettext_lazy("people in programme roles carried over"), "number"),
    "answers_carried_over": (gettext_lazy("answers taken over to be checked"), "number"),
    "answers_left_out": (gettext_lazy("answers not taken over (criteria no longer asked)"), "number"),
    "evidence_carried_over": (gettext_lazy("files taken over"), "number"),
    "programme_role": (gettext_lazy("programme role"), "text"),
    "created": (gettext_lazy("new entries"), "number"),
    "updated": (gettext_lazy("changed entries"), "number"),
    "retired": (gettext_lazy("retired entries"), "number"),
    "k": (gettext_lazy("minimum group size"), "number"),
    "comment_k": (gettext_lazy("minimum group size for comments"), "number"),
    "units": (gettext_lazy("units"), "number"),
    "invited": (gettext_lazy("invited"), "number"),
    "responses": (gettext_lazy("responses"), "number"),
    "comments": (gettext_lazy("comments"), "number"),
    "retention_days": (gettext_lazy("retention period in days"), "number"),
    "rows": (gettext_lazy("rows exported"), "number"),
    "left_out": (gettext_lazy("rows left out"), "number"),
    "sent": (gettext_lazy("sent"), "number"),
    "skipped": (gettext_lazy("skipped"), "number"),
    "count": (gettext_lazy("number of codes"), "number"),
    # Model fields, listed for their value: a count reads grouped ("1.600"), unlike a number that names.
    "staff_count": (gettext_lazy("staff"), "number"),
    "inhabitants_served": (gettext_lazy("inhabitants served"), "number"),
    "participants_count": (gettext_lazy("participants"), "number"),
    "raw_data": (gettext_lazy("access to the individual answers"), "bool"),
    "link": (gettext_lazy("link switched on"), "bool"),
    "photo": (gettext_lazy("photo"), "bool"),
    "logo": (gettext_lazy("logo"), "bool"),
    "new_logo": (gettext_lazy("logo"), "changed"),  # a logo replaced by another
    "fields": (gettext_lazy("changed"), "fields"),
    "languages": (gettext_lazy("languages"), "languages"),
    "country": (gettext_lazy("country"), "country"),
    "parent": (gettext_lazy("part of"), "text"),
    "title": (gettext_lazy("title"), "text"),
    "name": (gettext_lazy("name"), "text"),
    "optional_phases": (gettext_lazy("optional phases taken"), "phases"),
    "intro": (gettext_lazy("introduction"), "changed"),
    "report_breakdowns": (gettext_lazy("results by"), "changed"),
}

_INTERNAL = re.compile(r"^(urn:|[0-9a-f]{32,}$)|^[a-z]+(_[a-z]+)+$|^\d{4}-\d\d-\d\dT")
_ISO_DATE = re.compile(r"^\d{4}-\d\d-\d\d$")
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _language() -> str:
    return (translation.get_language() or "en")[:2]


def _localised(obj: Any, field_name: str = "title") -> Name | None:
    """A programme text in the reader's language (or its fallback, marked with its language)."""
    if not hasattr(obj, "localised_with_language"):
        return None
    text, lang = obj.localised_with_language(field_name)
    if not text:
        return None
    return Name(text, "" if lang == _language() else lang)


def _cycle_name(cycle: Any) -> Name:
    title = _localised(cycle.version) or Name(str(cycle.version.programme))
    stage = _localised(cycle.stage) or Name(cycle.stage.key)
    return Name(f"{title} – {stage}", title.lang)


def _phase_run_name(run: Any) -> Name:
    name = _localised(run.phase) or Name(run.phase.key)
    if run.occurrence > 1:
        return Name(f"{name} ({run.occurrence})", name.lang)
    return name


# Models whose history name (and the thing they belong to) needs more than ``__str__``.
_NAMERS: dict[str, Callable[[Any], tuple[Name, Any]]] = {
    "cycles.cycle": lambda cycle: (_cycle_name(cycle), None),
    "cycles.phaserun": lambda run: (_phase_run_name(run), run.cycle),
    "cycles.goal": lambda goal: (Name(str(goal)), goal.agreement.cycle),
    "cycles.targetagreement": lambda agreement: (Name(str(agreement)), agreement.cycle),
    "accounts.membership": lambda membership: (Name(str(membership.user)), None),
    "accounts.invitation": lambda invitation: (Name(invitation.email), None),
    "surveys.instrumentversion": lambda version: (Name(str(version.title)), None),
    "organisations.contact": lambda contact: (Name(contact.name), None),
}
# A programme version's whole definition and file: large, and not needed for a name.
_HEAVY = ("definition", "source_text")
# Fetched with the target, so that naming a page of entries costs a few queries.
_RELATED: dict[str, list[str]] = {
    "cycles.cycle": ["version", "version__programme", "stage"],
    "cycles.phaserun": ["phase", "cycle__version", "cycle__version__programme", "cycle__stage"],
    "cycles.goal": ["agreement__cycle__version", "agreement__cycle__version__programme", "agreement__cycle__stage"],
    "cycles.targetagreement": ["cycle__version", "cycle__version__programme", "cycle__stage"],
    "accounts.membership": ["user"],
}


def object_name(obj: Any) -> tuple[Name, Any]:
    """An object's name in the reader's language, and what it belongs to (or None)."""
    namer = _NAMERS.get(obj._meta.label_lower)
    if namer is not None:
        return namer(obj)
    return (_localised(obj) or Name(str(obj))), None


# Objects named by the organisation's own words (a unit's name, a measure's title), which are in
# the language the organisation writes in, not the reader's: marked with it when they differ, so
# that "Seniorenpflegeheim" on a Dutch page is read, and hyphenated, as German. Their text fields
# shown as values are marked the same way.
_OWN_WORDS = frozenset({"organisations.unit", "measures.measure"})
_OWN_WORDS_KEYS = frozenset({"name", "title", "description"})


class _Reader:
    """Renders entries, looking up each target and person once."""

    def __init__(self, entries: list[Entry]) -> None:
        self.objects: dict[tuple[int, str], Any] = {}
        self.people: dict[str, str] = {}
        self.values: dict[tuple[Any, ...], Name | None] = {}
        self.languages: dict[int, str] = {}
        by_type: dict[int, set[str]] = {}
        for entry in entries:
            if entry.target_type_id and entry.target_id:
                by_type.setdefault(entry.target_type_id, set()).add(entry.target_id)
        for type_id, ids in by_type.items():
            model = ContentType.objects.get_for_id(type_id).model_class()
            if model is None:
                continue
            keys = [_pk_value(model, pk) for pk in ids]
            queryset = model._default_manager.filter(pk__in=[key for key in keys if key is not None])
            reader = kind_reader(model._meta.label_lower)
            related = list(dict.fromkeys([*_RELATED.get(model._meta.label_lower, []), *(reader[1] if reader else ())]))
            if related:
                queryset = queryset.select_related(*related).defer(
                    *(f"{path}__{heavy}" for path in related if path.endswith("version") for heavy in _HEAVY)
                )
            for obj in queryset:
                self.objects[(type_id, str(obj.pk))] = obj

    def line(self, entry: Entry) -> Line:
        model = ContentType.objects.get_for_id(entry.target_type_id).model_class() if entry.target_type_id else None
        obj = self.objects.get((entry.target_type_id, entry.target_id)) if entry.target_type_id else None
        if obj is not None:
            target, belongs_to = object_name(obj)
            if obj._meta.label_lower in _OWN_WORDS:
                target = self.own_words(entry, target)
        elif not entry.target_type_id:
            target, belongs_to = Name(str(entry.organisation) if entry.organisation_id else ""), None
        else:
            target, belongs_to = _stored_name(entry), None
        before = entry.before if isinstance(entry.before, dict) else {}
        after = entry.after if isinstance(entry.after, dict) else {}
        names: dict[str, Name] = {"actor": self.actor(entry), "object": target}
        person = after.get("user", before.get("user"))
        own = isinstance(person, str) and entry.actor is not None and person.lower() == entry.actor.email.lower()
        status_before = before.get("status")
        kind = _kind(obj)
        template = sentence_for(
            entry.verb,
            own=own,
            status_before=status_before if isinstance(status_before, str) else None,
            kind=kind,
        )
        used: set[str] = set()
        if template is not None:
            for key in _PLACEHOLDER.findall(str(template)):
                if key in names:
                    continue
                value = after.get(key, before.get(key))
                shown = self.value(model, obj, key, value) if value not in (None, "") else None
                if shown is None:
                    template = None  # an older entry without this value: the plain form
                    break
                names[key] = shown
                used.add(key)
        if template is None:
            template = FALLBACK
            names["verb"] = Name(verb_label(entry.verb))
            used = set()
        details = [
            detail
            for detail in self.details(entry, model, obj, before, after, used, kind)
            # a value the sentence already says through the object's name ("Name: …", "Stage: …")
            if detail.before is not None or not _named_by(target.text, detail.after.text)
        ]
        comment = "" if entry.verb in _SYSTEM_COMMENTS else entry.comment
        context = object_name(belongs_to)[0] if belongs_to is not None else None
        return Line(entry, entry.created_at, _parts(str(template), names), details, comment, context, obj)

    def own_words(self, entry: Entry, name: Name) -> Name:
        """``name``, marked with the language the entry's organisation writes in when it is not
        the reader's (a name already marked, or of no organisation, stays as it is)."""
        organisation_id = entry.organisation_id
        if name.lang or not name.text or organisation_id is None:
            return name
        if organisation_id not in self.languages:
            organisation = entry.organisation
            self.languages[organisation_id] = organisation.primary_language if organisation else ""

        language = self.languages[organisation_id]
        return name if language in ("", _language()) else Name(name.text, language)

    def actor(self, entry: Entry) -> Name:
        if entry.actor is not None:
            return Name(str(entry.actor))
        label = entry.actor_label
        if _by_platform(label):
            return Name(_("The platform"))
        return Name(label)

    def details(
        self,
        entry: Entry,
        model: Any,
        obj: Any,
        before: dict[str, Any],
        after: dict[str, Any],
        used: set[str],
        kind: str | None = None,
    ) -> list[Detail]:
        details = []
        facts_only = entry.after is None  # a deletion: what the object was
        for key in list(dict.fromkeys([*after, *before])):
            if key in HIDDEN_KEYS or (key in ("title", "name") and key not in before):
                continue  # internal, or the name the object is called by in the sentence
            old, new = before.get(key), after.get(key)
            if facts_only:
                old, new = None, old
            if key == "status" and not entry.verb.endswith(".created"):
                continue  # the verb says what the status became
            if key in UNSAID_WHEN_NONE and not new and not UNSAID_WHEN_NONE[key](obj):
                continue
            if key in used and old in (None, "", new):
                continue
            if key in before and not facts_only and old == new:
                continue
            by_kind = kind_label(key, kind)
            label = capfirst(str(by_kind)) if by_kind is not None else _label(model, key)
            if label is None:
                continue
            shown_new = self.value(model, obj, key, new)
            if shown_new is None:
                continue
            own = model is not None and model._meta.label_lower in _OWN_WORDS and key in _OWN_WORDS_KEYS
            if own and new not in (None, ""):
                shown_new = self.own_words(entry, shown_new)
            if key in before and not facts_only:
                shown_old = self.value(model, obj, key, old)
                if shown_old is None:
                    continue
                if own and old not in (None, ""):
                    shown_old = self.own_words(entry, shown_old)
                details.append(Detail(label, shown_new, shown_old))
            elif new is not False and new not in (None, "", []):  # what a new object lacks goes unsaid
                details.append(Detail(label, shown_new))
        return details

    def value(self, model: Any, obj: Any, key: str, value: Any) -> Name | None:
        """How a stored value reads; None when it must not be shown (looked up once per page)."""
        try:
            memo = (model, getattr(obj, "version_id", None), key, json.dumps(value, sort_keys=True))
        except TypeError:
            return self._value(model, obj, key, value)
        if memo not in self.values:
            self.values[memo] = self._value(model, obj, key, value)
        return self.values[memo]

    def _value(self, model: Any, obj: Any, key: str, value: Any) -> Name | None:
        if value is None or value == "" or value == []:
            return Name(_("not set"))
        kind = _KEYS[key][1] if key in _KEYS else None
        if isinstance(value, dict):
            return _in_language(value)
        if kind == "person":
            return Name(self.person(str(value)))
        if kind == "level":
            versioned = getattr(obj, "version", None)
            levels = getattr(versioned, "levels", None)
            level = levels.filter(key=value).first() if levels is not None else None
            if level is not None:
                return _localised(level) or Name(str(level))
            return None
        if kind == "phases" and isinstance(value, list):
            return self.phases(obj, value)
        if kind == "bool" or isinstance(value, bool):
            return Name(_("yes") if value in (True, "yes") else _("no"))
        if kind == "number" and isinstance(value, int | float):
            return Name(formats.number_format(value, use_l10n=True, force_grouping=True))
        if kind == "characters" and isinstance(value, int):
            return Name(ngettext("%(count)s character", "%(count)s characters", value) % {"count": value})
        if kind == "date" or (isinstance(value, str) and _ISO_DATE.match(value)):
            return _date(value)
        if kind == "changed":
            return Name(_("changed"))
        if kind == "languages" and isinstance(value, list):
            from vereinbar.core.countries import language_name

            return Name(", ".join(language_name(str(code)) for code in value))
        if kind == "country":
            return Name(_country_name(str(value)))
        if kind == "fields" and isinstance(value, list):
            labels = [_label(model, str(name)) for name in value]
            return Name(", ".join(label for label in labels if label)) if any(labels) else None
        if isinstance(value, list):
            items = [self.value(model, obj, key, item) for item in value]
            return Name(", ".join(str(item) for item in items if item is not None))
        field_value = _field_value(model, obj, key, value)
        if field_value is not None:
            return field_value
        text = str(value)
        if _INTERNAL.search(text):
            return None
        return Name(text if len(text) <= 120 else text[:119] + "…")

    def phases(self, obj: Any, keys: list[Any]) -> Name | None:
        """Phases recorded by their keys (unique within the cycle's stage), by their titles."""
        phases = getattr(getattr(obj, "stage", None), "phases", None)
        if phases is None:
            return None
        titles = [_localised(phase) or Name(phase.key) for phase in phases.filter(key__in=keys).order_by("order")]
        return Name(", ".join(str(title) for title in titles)) if titles else Name(_("none"))

    def person(self, email: str) -> str:
        if email not in self.people:
            from django.contrib.auth import get_user_model

            user = get_user_model()._default_manager.filter(email__iexact=email).first()
            self.people[email] = str(user) if user is not None else email
        return self.people[email]


# Verbs whose comment is a note of the platform (written in the language of whoever loaded it),
# not something a person wrote: not shown.
_SYSTEM_COMMENTS = frozenset({"programme.version_loaded"})


def lines_for(entries: Iterable[Entry]) -> list[Line]:
    """The entries as lines to read, in the active language."""
    entries = list(entries)
    reader = _Reader(entries)
    return [reader.line(entry) for entry in entries]


# How a sentence that starts "<the actor> has/is …" reads to the actor: its name and auxiliary
# verb in the second person, by language ("Lisa Leer hat …" → "Sie haben …"). The sentences'
# translations all put the actor first with such a verb; one that does not keeps the name.
_ADDRESSED: dict[str, dict[str, str]] = {
    "de": {"hat": "Sie haben", "ist": "Sie sind", "wurde": "Sie wurden"},
    "nl": {"heeft": "U heeft", "is": "U bent", "werd": "U werd"},
    "en": {"has": "You have", "is": "You are", "was": "You were", "": "You"},
}


def addressed_to_actor(line: Line) -> Line:
    """``line`` as said to the person who did it, for a page of their own actions: "You
    submitted …" instead of their name on every line. Unchanged where the sentence does not
    start with the actor followed by a verb it knows."""
    auxiliaries = _ADDRESSED.get((translation.get_language() or "en").split("-")[0], {})
    if len(line.parts) < 2 or not line.parts[0].is_name or line.parts[1].is_name or line.entry.actor is None:
        return line
    if line.parts[0].text != str(line.entry.actor):
        return line
    verb, _space, rest = line.parts[1].text.lstrip().partition(" ")
    if verb in auxiliaries:
        words = f"{auxiliaries[verb]} {rest}"
    elif "" in auxiliaries and verb.isalpha():  # English past tense: "You submitted"
        words = f"{auxiliaries['']} {line.parts[1].text.lstrip()}"
    else:
        return line
    return replace(line, parts=[Part(words), *line.parts[2:]])


def _kind(obj: Any) -> str | None:
    """The kind of the entry's object, where its app tells it (an award's, after its programme),
    for the sentences that name it by its kind; None for another object or a deleted one."""
    reader = kind_reader(obj._meta.label_lower) if obj is not None else None
    return reader[0](obj) if reader is not None else None


def _parts(template: str, names: dict[str, Name]) -> list[Part]:
    parts = []
    for index, piece in enumerate(_PLACEHOLDER.split(template)):
        if index % 2:
            name = names.get(piece, Name(""))
            parts.append(Part(name.text, name.lang, is_name=True))
        elif piece:
            parts.append(Part(piece.replace("%%", "%")))
    return parts


def _named_by(name: str, value: str) -> bool:
    """Whether an object's name already says the value: all of it, one of its " – " parts, or
    the number it starts with (goal "4.1" of "4.1 More childcare")."""
    if value == name or value in name.split(" – "):
        return True
    return bool(re.fullmatch(r"\d+(\.\d+)*", value)) and name.startswith(value + " ")


def _stored_name(entry: Entry) -> Name:
    """The name kept with the entry, when its object is gone (unless it is an internal one)."""
    label = entry.target_label
    if not label or _INTERNAL.search(label) or "urn:" in label:
        return Name(_("(deleted)"))
    return Name(label)


def _label(model: Any, key: str) -> str | None:
    """The label of a recorded key: the model field's, or the one listed here; None if unknown."""
    if key in _KEYS:
        return capfirst(str(_KEYS[key][0]))
    if model is not None:
        try:
            field = model._meta.get_field(key)
        except FieldDoesNotExist:
            return None
        name = getattr(field, "verbose_name", None)
        if name:
            return capfirst(str(name))
    return None


def _field_value(model: Any, obj: Any, key: str, value: Any) -> Name | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(key)
    except FieldDoesNotExist:
        return None
    if getattr(field, "choices", None):
        choices = {str(choice): label for choice, label in field.flatchoices}
        if str(value) in choices:
            return Name(str(choices[str(value)]))
    if isinstance(field, models.DateField) and isinstance(value, str):
        return _date(value)
    if field.is_relation and field.related_model is not None and isinstance(value, str | int):
        related = field.related_model
        names = {f.name for f in related._meta.get_fields()}
        if "key" in names and isinstance(value, str):
            queryset = related._default_manager.filter(key=value)
            if "version" in names and getattr(obj, "version", None) is not None:
                queryset = queryset.filter(version=obj.version)
        elif isinstance(value, int):
            queryset = related._default_manager.filter(pk=value)
        else:
            return None
        found = queryset.first()
        return object_name(found)[0] if found is not None else None
    return None


def _pk_value(model: Any, pk: str) -> Any:
    try:
        return model._meta.pk.to_python(pk)
    except Exception:  # noqa: BLE001 - a stored id that no longer fits the model's key
        return None


def _date(value: Any) -> Name:
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return Name(value)
    return Name(formats.date_format(value, "DATE_FORMAT"))


def _in_language(value: dict[str, Any]) -> Name | None:
    """A value stored per language ({"de": …, "nl": …}): the reader's, else any."""
    language = _language()
    for code in (language, *value):
        if value.get(code):
            return Name(str(value[code]), "" if code == language else code)
    return None


def _country_name(code: str) -> str:
    from vereinbar.core.countries import country_name

    return country_name(code)
