from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlsplit

from allauth.mfa.totp import forms as totp_forms
from allauth.mfa.webauthn import forms as webauthn_forms
from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.password_validation import password_validators_help_text_html, validate_password
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from vereinbar.notifications.outbox import mail_record

from .roles import Role, roles_for_type

if TYPE_CHECKING:
    from vereinbar.organisations.models import Organisation

    from .models import User


class LoginForm(auth_forms.AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"})
    )
    # Django's sentence puts the field's label into "a correct %(username)s" (Dutch "een juiste
    # e-mailadres": wrong gender) and calls both fields case-sensitive, which the address is not.
    error_messages = {
        **auth_forms.AuthenticationForm.error_messages,
        "invalid_login": _("The e-mail address or the password is not right. Check both and try again."),
    }


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Puts the reset mail, in the account's preferred language, into the outbox: a mail
    server that is away delays the mail and never fails the page. The link is built on
    SITE_URL, not on the Host header of the request."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        user = context.get("user")
        language = getattr(user, "preferred_language", None) or settings.LANGUAGE_CODE
        site = urlsplit(settings.SITE_URL)
        context = {
            **context,
            "protocol": site.scheme,
            "domain": site.netloc,
            "site_url": settings.SITE_URL,
            "valid_days": settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60),  # the mail says until when
            "recipient": user,
            "mail": True,  # greets the account's owner by name (notifications/mail/_greeting.txt)
        }
        with translation.override(language):
            subject = " ".join(loader.render_to_string(subject_template_name, context).split())
            body = loader.render_to_string(email_template_name, context)
        mail_record(to=to_email, language=language, subject=subject, body=body)


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=settings.LANGUAGES,
        help_text=_("Used for the interface after login and for mails to you."),
    )


class EmailChangeForm(forms.Form):
    """A new login address; the password shows that the account's owner asks for it."""

    email = forms.EmailField(
        label=_("New e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We send a link to the new address. Until you follow it, your current address stays in use."),
    )
    password = forms.CharField(
        label=_("Your password"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("What the token is for, e.g. “HR reporting script”.")
    )
    expires_in_days = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=1,
        max_value=3650,
        required=False,
        help_text=_("Leave empty for a token that is valid until revoked."),
    )
    read_only = forms.BooleanField(
        label=_("Read only"),
        required=False,
        help_text=_("The token can read but not change anything (the API refuses everything but GET)."),
    )
    organisations: forms.ModelMultipleChoiceField[Organisation] = forms.ModelMultipleChoiceField(
        label=_("Only for these organisations"),
        queryset=None,  # the user's organisations, set in __init__
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked for a token that acts in all your organisations."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast("forms.ModelMultipleChoiceField[Organisation]", self.fields["organisations"])
        field.queryset = _organisation_model().objects.filter(memberships__user=user).distinct().order_by("name")
        if not field.queryset.exists():
            del self.fields["organisations"]


def _organisation_model() -> type[Organisation]:
    """The model a token is limited to (``ApiToken.organisations``): accounts refers to
    organisations by relation, not by import."""
    from .models import ApiToken

    return cast("type[Organisation]", ApiToken._meta.get_field("organisations").related_model)


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), error_messages={"required": _("Choose the role the person gets.")})
    language = forms.ChoiceField(label=_("Language of the invitation"), choices=settings.LANGUAGES)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = roles_for_type(organisation.type)
        role_field = cast(forms.ChoiceField, self.fields["role"])
        # No role is chosen in advance: sending with the first one would have made everyone a coordinator.
        role_field.choices = [("", _("Choose a role")), *((r.value, r.label) for r in Role if r in allowed)]
        if Role.COORDINATOR in allowed:
            role_field.help_text = _(
                "Coordinator: everything, including members, profile and surveys. Contributor: records measures "
                "and sees survey reports. Viewer: reads, changes nothing."
            )
        self.fields["language"].initial = translation.get_language()


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = roles_for_type(organisation.type)
        role_field = cast(forms.ChoiceField, self.fields["role"])
        role_field.choices = [(r.value, r.label) for r in Role if r in allowed]


class AcceptInvitationForm(forms.Form):
    """For someone without an account: name and password for the new account."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    # the rules up front, as on the password change page, not only after a refusal
    password1 = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean_password1(self) -> str:
        password: str = self.cleaned_data["password1"]
        validate_password(password)
        return password

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords do not match."))
        return data


# --- Second factors (allauth's forms, MFA_FORMS) ---------------------------------------------


class _OwnAddressConfirmed(forms.Form):
    """A second factor is set up only once the account's own address is confirmed: otherwise
    someone could register with another person's address and lock its owner out with a factor
    of their own (allauth's reason). A change of address waiting for its link does not count:
    the confirmed address stays the login until then (settings: MFA_ALLOW_UNVERIFIED_EMAIL)."""

    user: User

    @property
    def address_unconfirmed(self) -> bool:
        from .selectors import address_awaiting_confirmation

        return address_awaiting_confirmation(user=self.user) is not None

    def clean(self) -> dict[str, Any]:
        if self.address_unconfirmed:  # before a security key's registration is checked
            raise forms.ValidationError(
                _("Please confirm your e-mail address first: a second factor can be set up once it is confirmed.")
            )
        return super().clean() or {}


class ActivateTOTPForm(_OwnAddressConfirmed, totp_forms.ActivateTOTPForm):
    pass


class AddWebAuthnForm(_OwnAddressConfirmed, webauthn_forms.AddWebAuthnForm):
    pass
