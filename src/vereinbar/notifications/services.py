"""Sending mails through Django's mail framework, rendered in the recipient's language."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def mail_send(*, to: str, language: str, template: str, context: dict[str, Any]) -> None:
    """Render ``<template>_subject.txt`` and ``<template>.txt`` in ``language`` and send the mail.

    A ``path`` in the context becomes an absolute ``url`` on this installation's SITE_URL.
    """
    context = dict(context)
    if "path" in context:
        context["url"] = settings.SITE_URL + context["path"]
    context.setdefault("site_url", settings.SITE_URL)
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
    message = EmailMultiAlternatives(subject=subject, body=body, to=[to], headers={"Content-Language": language})
    message.send()
