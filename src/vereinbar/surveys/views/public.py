"""The answering pages: public, no login, in the respondent's language, no JavaScript needed.

/<lang>/s/            enter a printed code or a team's shared code
/<lang>/s/<token>/    welcome and consent, one page per section, review and submit
/<lang>/s/thanks/     thank you, right after a submission from this browser
Wrong codes and unknown links are rate-limited per client address (kept only as a keyed hash
in the shared ``ratelimit`` cache, for the length of the window); a valid code or link is
checked first and always opens, so nobody is locked out by someone else's typing errors.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from vereinbar.core.ratelimit import Limit, address_subject

from .. import tokens
from ..answer_forms import PageForm
from ..forms import CodeEntryForm
from ..instrument import language_of, pick
from ..models import Survey
from ..services.answering import (
    Opened,
    TokenState,
    draft_save,
    draft_submit,
    open_code_start,
    token_open,
    token_submit,
)

FAILURE_LIMIT = 20
FAILURE_WINDOW_SECONDS = 15 * 60


CODE_FAILURES = Limit("survey-code", limit=FAILURE_LIMIT, window=FAILURE_WINDOW_SECONDS)
# The answering pages belong to the employer whose staff answer, not to a programme operator:
# no operator's logo or colour (organisations.theme), and no query for one.
NO_THEME = {"theme_operator": None}
# The thank-you page thanks only a browser that has just submitted: the submission sets this
# cookie, which says nothing but "submitted" (no token, no survey) and is kept by the browser
# only, for long enough to reload the page or change its language. The server keeps no trace:
# a session would be a row with the time of a submission (docs/anonymity.md).
SUBMITTED_COOKIE = "vereinbar_submitted"
SUBMITTED_SECONDS = 30 * 60
# The tag of the "saved" notice among the page's messages.
SAVED = "survey-saved"


def _failed_and_blocked(request: HttpRequest) -> bool:
    """Count a wrong code or link; whether this client is now past its attempts."""
    return CODE_FAILURES.record(address_subject(request))


def _message(
    request: HttpRequest,
    title: str,
    text: str,
    status: int = 200,
    retry: bool = False,
    survey: Survey | None = None,
) -> HttpResponse:
    """A page with only a message; ``retry``: offer the page to type in a code; ``survey``: the
    survey the page's link opens, whose languages alone the language switcher offers, and
    whose title and organisation the page names."""
    context: dict[str, object] = {
        "title": title,
        "text": text,
        "retry": retry,
        **_languages(survey),
        **NO_THEME,
    }
    if survey is not None:
        context |= {**_survey_title(survey, get_language()), "organisation": survey.organisation}
    return render(request, "surveys/answer/message.html", context, status=status)


def _survey_title(survey: Survey, language: str | None) -> dict[str, str]:
    """The survey's title in ``language`` and, when it has none in it and the page shows the
    first language's instead, that language for a ``lang`` attribute (read out in its own
    pronunciation, as programme texts in another language are)."""
    title = survey.title_in(language)
    first = survey.languages[0] if survey.languages else ""
    fallback = first and first != language and not (survey.titles or {}).get(language or "")
    return {"survey_title": title, "survey_title_lang": first if fallback else ""}


def _languages(survey: Survey | None) -> dict[str, list[str]]:
    """The page languages of a survey's pages: the header offers only the survey's languages,
    as another one would show the questionnaire in a language the survey does not have."""
    return {"page_languages": list(survey.languages)} if survey is not None else {}


def _offered_language(request: HttpRequest, survey: Survey) -> str | None:
    """The survey's language to answer in when the page's language is not one of the survey's
    (a link typed or changed by hand): the one the browser prefers most (Accept-Language),
    else the survey's first. None when the page's language is the survey's."""
    languages = list(survey.languages)
    language = get_language()
    if not languages or language in languages:
        return None
    for code, quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        base = code.split("-")[0]
        if quality > 0 and base in languages:
            return base
    return languages[0]


def _in_language(request: HttpRequest, token: str, language: str) -> HttpResponse:
    """The same answering page in ``language``. The token goes only where the page's own address
    has it (the Location header); nothing is logged (docs/anonymity.md, "Logs")."""
    with translation.override(language):
        url = reverse("answer:answer", kwargs={"token": token})
    query = request.META.get("QUERY_STRING", "")
    response = redirect(f"{url}?{query}" if query else url)
    patch_vary_headers(response, ("Accept-Language",))
    return response


def _submitted() -> HttpResponse:
    """The way to the thank-you page after a submission, marking this browser as having submitted."""
    response = redirect("answer:thanks")
    response.set_cookie(
        SUBMITTED_COOKIE,
        "1",
        max_age=SUBMITTED_SECONDS,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def _too_many(request: HttpRequest) -> HttpResponse:
    return _message(
        request,
        _("Too many attempts"),
        _("Too many wrong codes were entered from this connection. Please wait 15 minutes and try again."),
        status=429,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def code_entry(request: HttpRequest) -> HttpResponse:
    form = CodeEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        resume = open_code_start(code=code)
        if resume is not None:
            # Shown on the welcome page, whose address is the personal one: "this page", not "the next".
            messages.info(
                request,
                _(
                    "This page has an address of its own: keep it, for example as a bookmark, if you want to "
                    "continue later. The shared code would start a new questionnaire."
                ),
            )
            return redirect("answer:answer", token=resume)
        normalised = tokens.normalise(code)
        if normalised is not None and token_open(raw_token=normalised) is not None:
            return redirect("answer:answer", token=normalised)
        if _failed_and_blocked(request):
            return _too_many(request)
        form.add_error("code", _("This code is not valid. Check it and try again."))
    return render(request, "surveys/answer/code.html", {"form": form, **NO_THEME})


def _refusal(request: HttpRequest, opened: Opened) -> HttpResponse | None:
    survey = opened.survey
    if opened.state == TokenState.USED:
        return _message(
            request,
            _("Already submitted"),
            _("Answers have already been submitted with this link or code. Each one can be used once. Thank you!"),
            status=410,
            survey=survey,
        )
    if opened.state == TokenState.NOT_STARTED:
        return _message(
            request,
            _("Not open yet"),
            _("This survey has not started yet. Please try again later."),
            survey=survey,
        )
    if opened.state == TokenState.ENDED:
        return _message(
            request,
            _("Survey ended"),
            _("This survey has ended. Thank you for your interest."),
            status=410,
            survey=survey,
        )
    return None


@never_cache
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "POST" and request.POST.get("go") == "submit" and tokens.normalise(token) == token:
        # Submitting from the review page needs neither the questionnaire nor a form: the short
        # path, as everyone submits at once after a meeting or a reminder. Anything else (used,
        # ended, another page) goes the ordinary way below and gets its page or message there.
        try:
            page = int(request.POST.get("page", ""))
        except ValueError:
            page = None
        if page is not None and token_submit(raw_token=token, page=page) == TokenState.OPEN:
            return _submitted()
    opened = token_open(raw_token=token)
    if opened is None:
        if _failed_and_blocked(request):
            return _too_many(request)
        return _message(
            request,
            _("Link not valid"),
            # A link stops working when its survey ends (closing erases the invitations): the
            # invitation mail opened after that must not read as a typing error.
            _(
                "This link or code is not valid. Check that you copied it completely. Links and codes "
                "stop working when the survey has ended."
            ),
            status=404,
            retry=True,
        )
    if request.method in ("GET", "HEAD"):
        # A page in a language the survey does not offer would show the questionnaire in it:
        # the same page in one it offers instead (a POST is kept in its language, not lost).
        offered = _offered_language(request, opened.survey)
        if offered is not None:
            return _in_language(request, opened.token, offered)
    if opened.token != token:
        return redirect("answer:answer", token=opened.token)
    refusal = _refusal(request, opened)
    if refusal is not None or opened.draft is None:
        return refusal or _message(request, _("Link not valid"), "", status=404)
    draft = opened.draft
    survey = opened.survey
    spec = survey.instrument_version.spec
    language = get_language() or spec.default_language
    sections = spec.sections
    last = len(sections) + 1  # the review page
    try:
        page = int(request.POST.get("page") or request.GET.get("page") or draft.page or 0)
    except ValueError:
        page = 0
    page = max(0, min(page, last))
    unit_section = next(
        (i for i, s in enumerate(sections, start=1) if any(item.breakdown for item in s.items)), len(sections)
    )
    asks_unit = page == unit_section and not draft.unit_fixed
    units = [(unit.pk, unit.name) for unit in survey.units.all()] if asks_unit else []

    form = None
    if 1 <= page <= len(sections):
        form = PageForm(
            request.POST or None,
            spec=spec,
            section=sections[page - 1],
            language=language,
            saved=draft.answers,
            units=units or None,
            unit_id=draft.unit_id,
            prefix="q",
        )
    if request.method == "POST":
        go = request.POST.get("go", "next")
        if form is not None:
            if not form.is_valid():
                return _page(request, opened, page, last, form, language, status=200)
            choice = form.unit_choice()
            draft_save(draft=draft, page=page, answers=form.answers(), unit_id=choice)
        if go == "submit" and page == last:
            try:
                draft_submit(opened=opened)
            except ValidationError as exc:
                return _message(request, _("Already submitted"), " ".join(exc.messages), status=410, survey=survey)
            return _submitted()
        if go == "later":
            # Post/Redirect/Get to the questionnaire's own address, which opens the step just left
            # (the draft's page): the address the notice asks to keep is the one in the address
            # bar, and a bookmark of it lands on that step. The notice travels in Django's messages
            # cookie (its sentence only: no token, no row on the server); a reload shows the step.
            messages.success(request, _saved_notice(opened), extra_tags=SAVED)
            return redirect("answer:answer", token=opened.token)
        target = page - 1 if go == "back" else page + 1
        target = max(0, min(target, last))
        return redirect(f"{reverse('answer:answer', kwargs={'token': opened.token})}?page={target}")
    # Opened again by the link alone, after answering some pages: the page says where the person
    # is and that the earlier answers are kept, rather than dropping them mid-questionnaire; not
    # right after "save and continue later", whose notice says so already.
    just_saved = any(message.extra_tags == SAVED for message in messages.get_messages(request))
    resumed = not just_saved and "page" not in request.GET and page > 0 and page == draft.page
    return _page(request, opened, page, last, form, language, resumed=resumed)


def _saved_notice(opened: Opened) -> str:
    """What "save and continue later" tells the person: that nothing is submitted yet, and how to
    come back. A personal link of the open-link mode is known only to the page's address: the
    shared code would start afresh, so the person is told to keep the address."""
    if opened.invitation is not None:
        return _(
            "Your answers are saved. You can continue later with the same link or code. Nothing has been submitted yet."
        )
    return _(
        "Your answers are saved. To continue later, keep the address of this page, for example as a bookmark: the "
        "shared code would start a new questionnaire. Nothing has been submitted yet."
    )


def _page(
    request: HttpRequest,
    opened: Opened,
    page: int,
    last: int,
    form: PageForm | None,
    language: str,
    status: int = 200,
    resumed: bool = False,
) -> HttpResponse:
    survey = opened.survey
    spec = survey.instrument_version.spec
    default = spec.default_language
    section = spec.sections[page - 1] if form is not None else None
    answered = sum(1 for key in spec.items if opened.draft and opened.draft.answers.get(key) not in (None, "", []))
    context = {
        "survey": survey,
        "organisation": survey.organisation,
        "title": pick(spec.title, language, default),
        "title_lang": language_of(spec.title, language, default),
        **_survey_title(survey, language),
        "consent": [p for p in pick(spec.consent, language, default).split("\n") if p.strip()],
        "consent_lang": language_of(spec.consent, language, default),
        "page": page,
        "last": last,
        "steps": last,
        "sections": len(spec.sections),
        "form": form,
        "section_title": pick(section.title, language, default) if section else "",
        "section_title_lang": language_of(section.title, language, default) if section else "",
        "section_intro": pick(section.intro, language, default) if section else "",
        "section_intro_lang": language_of(section.intro, language, default) if section else "",
        "answered": answered,
        "resumed": resumed,
        "questions": len(spec.items),
        "token": opened.token,
        "other_languages": [code for code in survey.languages if code != language],
        **_languages(survey),
    }
    return render(request, "surveys/answer/page.html", {**context, **NO_THEME}, status=status)


@never_cache
def thanks(request: HttpRequest) -> HttpResponse:
    """Thanks right after a submission from this browser; opened otherwise, says that nothing was."""
    if request.COOKIES.get(SUBMITTED_COOKIE) != "1":
        return _message(
            request,
            _("No answers submitted"),
            _(
                "No answers have just been submitted from this browser, so there is nothing to confirm. If you have a code or a link to a survey, you can take part with it."
            ),
            retry=True,
        )
    return _message(
        request,
        _("Thank you!"),
        _(
            "Your answers have been submitted. They are stored without any link to you and will be included in the results anonymously."
        )
        + " "
        # What happens to them next, in the words of the welcome page: nobody sees them before the
        # end, and then only as results of groups.
        + _(
            "Your organisation sees the results once the survey has ended, and only for groups in which enough "
            "people answered. You can close this page now."
        ),
    )
