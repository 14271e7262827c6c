"""The inbox in the admin: failed payloads with their errors, what each lead became, retry."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from scoreline.intake import processing
from scoreline.intake.models import (
    AssignmentRule,
    IntakeEndpoint,
    IntakeResult,
    Payload,
    PayloadStatus,
)


class IntakeResultInline(admin.TabularInline):
    model = IntakeResult
    fields = ["position", "where", "status", "lead", "note", "error"]
    readonly_fields = ["position", "where", "status", "lead", "note", "error"]
    extra = 0
    can_delete = False


@admin.register(Payload)
class PayloadAdmin(admin.ModelAdmin):
    list_display = [
        "pk",
        "received_at",
        "format",
        "channel",
        "dealer",
        "source",
        "status",
        "error_code",
        "error",
    ]
    list_filter = ["status", "format", "channel", "dealer", "source"]
    search_fields = ["external_id", "checksum", "error"]
    date_hierarchy = "received_at"
    readonly_fields = [
        "endpoint",
        "dealer",
        "source",
        "channel",
        "format",
        "received_at",
        "size",
        "checksum",
        "external_id",
        "meta",
        "status",
        "duplicate_of",
        "attempts",
        "claimed_at",
        "processed_at",
        "error_code",
        "error",
        "raw",
    ]
    exclude = ["body"]
    inlines = [IntakeResultInline]
    actions = ["retry"]

    @admin.display(description="raw body (start)")
    def raw(self, payload: Payload) -> str:
        return bytes(payload.body[:4000]).decode("utf-8", errors="replace")

    @admin.action(description="Retry the selected failed payloads")
    def retry(self, request: HttpRequest, queryset: QuerySet[Payload]) -> None:
        retried = [p for p in queryset.filter(status=PayloadStatus.FAILED) if processing.retry(p)]
        self.message_user(request, f"{len(retried)} payload(s) queued again.", messages.SUCCESS)


@admin.register(IntakeEndpoint)
class IntakeEndpointAdmin(admin.ModelAdmin):
    list_display = ["__str__", "dealer", "source", "format", "is_active", "created_at"]
    list_filter = ["format", "dealer", "source", "is_active"]
    readonly_fields = ["token_hash"]

    def save_model(
        self, request: HttpRequest, obj: IntakeEndpoint, form: object, change: bool
    ) -> None:
        """A new endpoint gets a token, shown once in a message: only its hash is kept."""
        if not obj.token_hash:
            token = obj.set_token()
            self.message_user(
                request,
                f"Token for {obj}: {token} (shown once; use /intake/{token}/)",
                messages.WARNING,
            )
        super().save_model(request, obj, form, change)


@admin.register(AssignmentRule)
class AssignmentRuleAdmin(admin.ModelAdmin):
    list_display = ["name", "dealer", "make", "condition", "priority", "is_active", "last_assigned"]
    list_filter = ["dealer", "is_active"]
    filter_horizontal = ["salespeople"]
