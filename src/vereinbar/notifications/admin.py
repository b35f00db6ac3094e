"""Django admin for platform admins only."""

from django.contrib import admin

from vereinbar.core.admin import ReadOnly

from .models import Notification, OutgoingMail, ReminderSent


@admin.register(Notification)
class NotificationAdmin(ReadOnly):
    list_display = ["created_at", "user", "event", "subject", "read_at"]
    list_filter = ["event"]


@admin.register(ReminderSent)
class ReminderSentAdmin(ReadOnly):
    list_display = ["key", "sent_at", "recipients"]
    search_fields = ["key"]


@admin.register(OutgoingMail)
class OutgoingMailAdmin(ReadOnly):
    list_display = ["created_at", "key", "to", "sent_at"]
    search_fields = ["key", "to"]
