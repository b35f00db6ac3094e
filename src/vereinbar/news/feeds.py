"""Atom feeds of published announcements: all of them, and one per programme
(Django's syndication framework). The language follows the URL prefix."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure
from django.utils.translation import gettext as _

from vereinbar.core.images import IMAGE_CONTENT_TYPES
from vereinbar.programmes.keys import programme_by_param
from vereinbar.programmes.models import Programme

from .models import Announcement
from .selectors import announcements_public

FEED_LENGTH = 30


class NewsFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, *args: object, **kwargs: object) -> Programme | None:
        return None

    def title(self, obj: Programme | None) -> str:
        if obj is None:
            return _("vereinbar news")
        return _("News: %(programme)s") % {"programme": _programme_title(obj)}

    def subtitle(self, obj: Programme | None) -> str:
        # as the news page says: the operators' news are more than awards (events, training dates)
        return _("News from the programme operators, such as awards granted and charters signed.")

    def link(self, obj: Programme | None) -> str:
        if obj is None:
            return reverse("news:list")
        return reverse("news:programme", args=[obj.key])

    def feed_url(self, obj: Programme | None) -> str:
        if obj is None:
            return reverse("news:feed")
        return reverse("news:programme_feed", args=[obj.key])

    def items(self, obj: Programme | None) -> list[Announcement]:
        return list(announcements_public(programme=obj)[:FEED_LENGTH])

    def item_title(self, item: Announcement) -> str:
        return item.title

    def item_description(self, item: Announcement) -> str:
        return render_to_string("news/_feed_item.html", {"item": item, "site_url": settings.SITE_URL})

    def item_pubdate(self, item: Announcement) -> datetime | None:
        return item.published_at

    def item_updateddate(self, item: Announcement) -> datetime:
        return item.updated_at

    def item_author_name(self, item: Announcement) -> str:
        return item.operator.name

    def item_categories(self, item: Announcement) -> list[str]:
        return [_programme_title(item.programme)] if item.programme else []

    def item_enclosures(self, item: Announcement) -> list[Enclosure]:
        if not item.photo:
            return []
        extension = (item.photo.name or "").rsplit(".", 1)[-1].lower()
        try:
            length = item.photo.size
        except OSError:
            return []
        return [
            Enclosure(settings.SITE_URL + item.photo.url, str(length), IMAGE_CONTENT_TYPES.get(extension, "image/jpeg"))
        ]


class ProgrammeNewsFeed(NewsFeed):
    def get_object(self, request: HttpRequest, *args: object, **kwargs: object) -> Programme | None:
        name = str(kwargs.get("programme_slug", ""))
        # Feed readers keep the address they subscribed to: one from before keys still works.
        programme = programme_by_param(name)
        if programme is None:
            raise Http404
        return programme


def _programme_title(programme: Programme) -> str:
    version = programme.current_version
    return (version.localised("title") if version else "") or programme.identifier
