"""The account's privacy page: download everything stored about me, delete my account."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vereinbar.core.types import AuthedRequest

from .models import User
from .privacy import account_data_export, account_delete
from .selectors import members_url_for, memberships_only_managed_by


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password, to confirm"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("The password is not correct."))
        return password


@login_required
def privacy(request: AuthedRequest) -> HttpResponse:
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            user = User.objects.get(pk=request.user.pk)
            account_delete(actor=user, user=user)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            logout(request)
            messages.success(request, _("Your account and its personal data have been deleted."))
            return redirect(reverse("core:home"))
    alone = [
        {"organisation": membership.organisation.name, "url": members_url_for(membership)}
        for membership in memberships_only_managed_by(user=request.user)
    ]
    return render(request, "accounts/privacy.html", {"form": form, "alone": alone})


@login_required
def privacy_export(request: AuthedRequest) -> HttpResponse:
    response = HttpResponse(account_data_export(user=request.user), content_type="application/zip")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="vereinbar-account-{stamp}.zip"'
    return response
