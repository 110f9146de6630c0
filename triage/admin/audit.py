"""The audit log for administrators: django-auditlog's log entries, with a column that says how each
saved assessment was seen (its page, the summary, the PDF, the FHIR download) and by whom.

Only accounts with auditlog's view permission (superusers unless an administrator grants it) see it.
"""

from __future__ import annotations

from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class AuditLogAdmin(LogEntryAdmin):
    list_display = ["created", "resource_url", "action", "what", "user_url"]
    readonly_fields = [*LogEntryAdmin.readonly_fields, "what"]
    fieldsets = [(None, {"fields": ["created", "user_url", "resource_url", "action", "what", "msg"]})]

    def lookup_allowed(self, lookup, value, request=None) -> bool:
        # A saved assessment's page links here with ?object_pk=<its id>: the views of that one.
        return lookup == "object_pk" or super().lookup_allowed(lookup, value, request)

    @admin.display(description=_("what was done"))
    def what(self, obj: LogEntry) -> str:
        if obj.action == LogEntry.Action.ACCESS:
            return obj.changes_text
        return self.msg_short(obj)
