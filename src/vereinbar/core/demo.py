"""Loading the demo installation: the seed organisations, their operators and one user per role.

Idempotent: organisations are matched by slug and kept up to date with the demo file;
users and memberships are created only when missing (existing passwords are never touched).
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.db import transaction

from vereinbar.accounts.models import Membership, User
from vereinbar.accounts.services import membership_add
from vereinbar.organisations.models import Organisation, OrganisationType


@dataclass
class DemoLogin:
    email: str
    roles: list[str]
    password: str | None  # None when the user existed before this run


@dataclass
class DemoResult:
    organisations_created: int = 0
    logins: list[DemoLogin] = field(default_factory=list)


def demo_file() -> Path:
    return Path(settings.VEREINBAR_LIBRARY_DIR) / "demo" / "demo.yaml"


def _organisation_defaults(item: dict[str, Any], type: str) -> dict[str, Any]:
    defaults: dict[str, Any] = {
        key: item[key]
        for key in (
            "name",
            "kind",
            "sector",
            "country",
            "region",
            "city",
            "staff_count",
            "inhabitants_served",
            "website",
        )
        if key in item
    }
    defaults["type"] = type
    for language, text in (item.get("description") or {}).items():
        defaults[f"description_{language}"] = text
    return defaults


def demo_load(*, path: Path | None = None) -> DemoResult:
    """Create or update the demo organisations and users; return the logins."""
    data = yaml.safe_load((path or demo_file()).read_text(encoding="utf-8"))
    result = DemoResult()
    fixed_password = os.environ.get("VEREINBAR_DEMO_PASSWORD") or None
    with transaction.atomic():
        for group, type in (("operators", OrganisationType.OPERATOR), ("employers", OrganisationType.EMPLOYER)):
            for item in data.get(group, []):
                _, created = Organisation.objects.update_or_create(
                    slug=item["slug"], defaults=_organisation_defaults(item, type)
                )
                result.organisations_created += int(created)
        for item in data.get("users", []):
            user = User.objects.filter(email=item["email"]).first()
            password = None
            if user is None:
                password = fixed_password or secrets.token_urlsafe(9)
                user = User.objects.create_user(
                    email=item["email"],
                    password=password,
                    full_name=item.get("full_name", ""),
                    preferred_language=item.get("language", settings.LANGUAGE_CODE),
                    is_superuser=bool(item.get("platform_admin")),
                    is_staff=bool(item.get("platform_admin")),
                )
            roles = ["platform admin"] if item.get("platform_admin") else []
            for membership in item.get("memberships", []):
                organisation = Organisation.objects.get(slug=membership["organisation"])
                if not Membership.objects.filter(user=user, organisation=organisation).exists():
                    membership_add(actor=None, organisation=organisation, user=user, role=membership["role"])
                roles.append(f"{membership['role']} @ {organisation.slug}")
            result.logins.append(DemoLogin(email=user.email, roles=roles, password=password))
    return result
