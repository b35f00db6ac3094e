from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import two_factor
from .models import ApiToken, Invitation, Membership, ProviderScope, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "preferred_language", "is_active", "is_superuser"]
    search_fields = ["email", "full_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profile", {"fields": ("full_name", "preferred_language")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    inlines = [MembershipInline]
    actions = ["reset_second_factor"]

    @admin.action(description=_("Reset the second factor (lost phone or security key)"), permissions=["change"])
    def reset_second_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        """The person signs in with their password or provider again and sets up a new factor;
        each reset is a history entry (docs/authentication.md)."""
        actor = request.user
        if not isinstance(actor, User) or not actor.is_platform_admin:
            self.message_user(request, _("Only platform admins reset second factors."), messages.ERROR)
            return
        count = 0
        for user in queryset:
            two_factor.two_factor_reset(actor=actor, user=user)
            count += 1
        self.message_user(
            request,
            ngettext(
                "The second factor of %(count)d person has been reset.",
                "The second factors of %(count)d people have been reset.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "token_hash"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "created_at", "accepted_at", "revoked_at"]
    readonly_fields = ["token_hash"]


class ReadOnlyAuthenticatorAdmin(admin.ModelAdmin):
    """allauth's second factors, to look at only: removing one goes through the user list's
    "Reset the second factor" action, which writes the history entry."""

    list_display = ["user", "type", "created_at", "last_used_at"]
    list_filter = ["type"]
    search_fields = ["user__email"]
    fields = ["user", "type", "created_at", "last_used_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


def register_authenticator_admin() -> None:
    """Called from ready(): django.contrib.admin registered allauth's own admin before."""
    from allauth.mfa.models import Authenticator

    if admin.site.is_registered(Authenticator):
        admin.site.unregister(Authenticator)
    admin.site.register(Authenticator, ReadOnlyAuthenticatorAdmin)


class ProviderScopeInline(admin.StackedInline):
    """On the identity provider's page: the organisations it serves (docs/authentication.md)."""

    model = ProviderScope
    can_delete = False
    max_num = 1
    filter_horizontal = ["organisations"]
    verbose_name = _("organisations served")
    verbose_name_plural = _("organisations served")


def register_provider_admin() -> None:
    """Called from ready(): allauth's admin for identity providers, with the organisations served."""
    from allauth.socialaccount.admin import SocialAppAdmin
    from allauth.socialaccount.models import SocialApp

    class ProviderAdmin(SocialAppAdmin):
        inlines = [ProviderScopeInline]

    if admin.site.is_registered(SocialApp):
        admin.site.unregister(SocialApp)
    admin.site.register(SocialApp, ProviderAdmin)
