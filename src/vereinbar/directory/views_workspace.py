"""The practice report in the employer workspace (/workspace/<org>/practice-report/): the
coordinator writes the text and adds photos with credits; the public profile shows them."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from vereinbar.core.types import AuthedRequest
from vereinbar.organisations.permissions import Action, has_permission, organisation_for_user

from .forms import PracticePhotoForm, PracticeReportForm
from .models import PracticePhoto
from .selectors import practice_report_of
from .services import practice_photo_add, practice_photo_delete, practice_report_update


def _apply(form: PracticeReportForm | PracticePhotoForm, error: ValidationError) -> None:
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)


@login_required
def practice_report_edit(request: AuthedRequest, slug: str) -> HttpResponse:
    organisation = organisation_for_user(request.user, slug, Action.VIEW)
    can_edit = has_permission(request.user, organisation, Action.EDIT_PROFILE)
    report = practice_report_of(organisation=organisation)
    languages = [code for code, _name in settings.LANGUAGES]
    initial = {}
    if report is not None:
        for code in languages:
            initial[f"title_{code}"] = getattr(report, f"title_{code}") or ""
            initial[f"text_{code}"] = getattr(report, f"text_{code}") or ""
    report_form = PracticeReportForm(initial=initial)
    photo_form = PracticePhotoForm()
    if request.method == "POST":
        organisation = organisation_for_user(request.user, slug, Action.EDIT_PROFILE)
        action = request.POST.get("action")
        try:
            if action == "save":
                report_form = PracticeReportForm(request.POST)
                if report_form.is_valid():
                    data = report_form.cleaned_data
                    practice_report_update(
                        actor=request.user,
                        organisation=organisation,
                        titles={code: data[f"title_{code}"] for code in languages},
                        texts={code: data[f"text_{code}"] for code in languages},
                    )
                    messages.success(request, _("The practice report is saved."))
                    return redirect("practice_report:edit", slug=slug)
            elif action == "add_photo":
                photo_form = PracticePhotoForm(request.POST, request.FILES)
                if photo_form.is_valid():
                    practice_photo_add(
                        actor=request.user,
                        organisation=organisation,
                        upload=photo_form.cleaned_data["image"],
                        description=photo_form.cleaned_data["description"],
                        credit=photo_form.cleaned_data["credit"],
                    )
                    messages.success(request, _("The photo is added."))
                    return redirect("practice_report:edit", slug=slug)
            elif action == "delete_photo":
                photo = get_object_or_404(
                    PracticePhoto, pk=request.POST.get("photo") or 0, report__organisation=organisation
                )
                practice_photo_delete(actor=request.user, organisation=organisation, photo=photo)
                messages.success(request, _("The photo is deleted."))
                return redirect("practice_report:edit", slug=slug)
        except ValidationError as error:
            _apply(photo_form if action == "add_photo" else report_form, error)
    return render(
        request,
        "directory/practice_report_edit.html",
        {
            "organisation": organisation,
            "area": "workspace",
            "report": report,
            "report_form": report_form,
            "photo_form": photo_form,
            "can_edit": can_edit,
            "language_fields": [
                (name, report_form[f"title_{code}"], report_form[f"text_{code}"]) for code, name in settings.LANGUAGES
            ],
        },
    )


@login_required
def practice_photo_view(request: AuthedRequest, slug: str, pk: int) -> FileResponse:
    """A photo for the organisation's members (also before the profile is public)."""
    organisation = organisation_for_user(request.user, slug, Action.VIEW)
    photo = PracticePhoto.objects.filter(pk=pk, report__organisation=organisation).first()
    if photo is None:
        raise Http404
    response = FileResponse(photo.image.open("rb"), content_type=photo.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
