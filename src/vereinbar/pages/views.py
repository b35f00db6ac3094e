"""The legal pages (public) and their editing page in the operator area."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from vereinbar.core.types import AuthedRequest

from . import services
from .forms import LANGUAGE_NAMES, LegalPageForm
from .models import LegalPageKind
from .permissions import can_edit_legal_pages, check_edit_legal_pages
from .placeholders import filled, known, left_out
from .selectors import legal_text, legal_texts_for_editing, markdown_html


def page(request: HttpRequest, kind: str) -> HttpResponse:
    text = legal_text(kind=kind)
    # Visitors never read a placeholder: filled from what the installation knows, else left out.
    body = markdown_html(filled(text.body, known(changed_at=text.updated_at)))
    return render(
        request,
        "pages/page.html",
        {
            "text": text,
            "body": body,
            "title": LegalPageKind(kind).label,
            "can_edit": can_edit_legal_pages(request.user),
        },
    )


@login_required
def edit_list(request: AuthedRequest) -> HttpResponse:
    check_edit_legal_pages(request.user)
    # Each page with the placeholders (in the reader's language) that visitors do not see yet: a
    # shipped imprint without its address reads "shows the shipped text" and looks finished.
    values = known(changed_at=None)
    pages = []
    for kind in LegalPageKind:
        text = legal_text(kind=kind)
        pages.append((kind, text, len(left_out(text.body, values))))
    return render(request, "pages/operator_list.html", {"pages": pages})


@login_required
def edit(request: AuthedRequest, kind: str) -> HttpResponse:
    check_edit_legal_pages(request.user)
    if kind not in LegalPageKind.values:
        raise Http404
    kind = LegalPageKind(kind)
    texts = legal_texts_for_editing(kind=kind)
    form = LegalPageForm(request.POST or None, initial=texts)
    if request.method == "POST" and form.is_valid():
        services.legal_page_update(actor=request.user, kind=kind, texts=form.texts())
        messages.success(request, _("The page has been saved."))
        return redirect("operator_pages:edit", kind=kind.value)
    values = known(changed_at=None)
    missing = [
        (LANGUAGE_NAMES[code], placeholders) for code, text in texts.items() if (placeholders := left_out(text, values))
    ]
    return render(
        request, "pages/operator_form.html", {"form": form, "kind": kind, "title": kind.label, "missing": missing}
    )


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says; send them to the SVG icon."""
    from django.templatetags.static import static

    return redirect(static("vereinbar/img/favicon.svg"))
