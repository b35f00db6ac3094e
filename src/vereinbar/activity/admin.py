from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .display import lines_for
from .models import Entry


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "what_happened", "organisation"]
    list_filter = ["verb"]
    search_fields = ["actor_label", "target_label", "comment"]

    @admin.display(description=_("What happened"))
    def what_happened(self, obj: Entry) -> str:
        return lines_for([obj])[0].text

    def has_change_permission(self, request: HttpRequest, obj: Entry | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Entry | None = None) -> bool:
        return False
