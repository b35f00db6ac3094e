"""Users, their memberships in organisations, invitations and personal API tokens."""

from __future__ import annotations

import hashlib
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import scope
from .roles import Role


class EmailUserManager(UserManager["User"]):
    """Users log in with their e-mail address; there is no separate user name."""

    def _create_user_object(
        self, username: str | None, email: str | None, password: str | None, **extra_fields: Any
    ) -> User:
        email = self.normalize_email(email or username)
        user = self.model(email=email, **extra_fields)
        user.password = ""
        if password is not None:
            user.set_password(password)
        else:
            user.set_unusable_password()
        return user

    def _create_user(self, username: str | None, email: str | None, password: str | None, **extra_fields: Any) -> User:
        user = self._create_user_object(username, email, password, **extra_fields)
        user.save(using=self._db)
        return user

    def create_user(  # type: ignore[override]  # e-mail first: there is no user name
        self, email: str | None = None, password: str | None = None, **extra_fields: Any
    ) -> User:
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(None, email, password, **extra_fields)

    def create_superuser(  # type: ignore[override]  # e-mail first: there is no user name
        self, email: str | None = None, password: str | None = None, **extra_fields: Any
    ) -> User:
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(None, email, password, **extra_fields)


class User(AbstractUser):
    # Removing AbstractUser's fields is Django's documented way; the stubs only know them as str.
    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[EmailUserManager] = EmailUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_platform_admin(self) -> bool:
        return self.is_active and self.is_superuser

    def save(self, *args: Any, **kwargs: Any) -> None:
        if getattr(self, "_scoped_copy", False):
            raise RuntimeError("A user narrowed to an API token's scope is not saved (it lacks its platform rights).")
        super().save(*args, **kwargs)


class MembershipManager(models.Manager["Membership"]):
    """Leaves out the memberships an organisation-limited API token does not cover (see scope.py)."""

    def get_queryset(self) -> models.QuerySet[Membership]:
        queryset = super().get_queryset()
        token = scope.current.get()
        if token is not None and token.organisation_ids is not None:
            queryset = queryset.exclude(
                models.Q(user_id=token.user_id) & ~models.Q(organisation_id__in=token.organisation_ids)
            )
        return queryset


class Membership(models.Model):
    """A user's role in one organisation. A user may belong to several organisations."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    objects = MembershipManager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_organisation")]
        ordering = ["organisation__name", "user__email"]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"


def hash_secret(secret: str) -> str:
    """Tokens are stored as SHA-256 digests: high-entropy secrets need no slow hash."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class Invitation(models.Model):
    """An invitation by mail to join an organisation in a role; the token is stored hashed."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    language = models.CharField(_("language of the invitation"), max_length=8, choices=settings.LANGUAGES)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="invitations_sent"
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()


class ApiToken(models.Model):
    """A personal API token. Only its digest and a short prefix for recognition are kept."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=16, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    read_only = models.BooleanField(
        _("read only"), default=False, help_text=_("The token can read through the API but not change anything.")
    )
    organisations = models.ManyToManyField(
        "organisations.Organisation",
        verbose_name=_("organisations"),
        blank=True,
        related_name="+",
        help_text=_("If any are chosen, the token acts only in these organisations."),
    )

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()

    def organisation_ids(self) -> frozenset[int] | None:
        """The organisations the token is limited to; None when it is not limited."""
        ids = frozenset(organisation.pk for organisation in self.organisations.all())
        return ids or None

    def token_scope(self) -> scope.TokenScope:
        return scope.TokenScope(
            token_id=self.pk, user_id=self.user_id, read_only=self.read_only, organisation_ids=self.organisation_ids()
        )


class ProviderScope(models.Model):
    """Which organisations an identity provider (allauth's ``SocialApp``) serves. A provider with
    organisations signs in only their people, and the accounts it creates wait on those
    organisations' members pages for a role (docs/authentication.md, "Organisations served")."""

    app = models.OneToOneField(
        "socialaccount.SocialApp",
        on_delete=models.CASCADE,
        related_name="scope",
        verbose_name=_("identity provider"),
    )
    organisations = models.ManyToManyField(
        "organisations.Organisation",
        verbose_name=_("organisations served"),
        blank=True,
        related_name="+",
        help_text=_(
            "If any are chosen, only their people sign in with this provider: an account that "
            "belongs only to other organisations is refused, and a new account waits on these "
            "organisations' members pages for a role."
        ),
    )

    class Meta:
        verbose_name = _("organisations served")
        verbose_name_plural = _("organisations served")

    def __str__(self) -> str:
        return str(self.app)
