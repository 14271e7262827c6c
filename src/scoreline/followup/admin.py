from django.contrib import admin

from scoreline.followup.models import (
    Activity,
    CallScript,
    DailyJob,
    FollowUpStandard,
    Job,
    Notification,
)


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["lead", "kind", "outcome", "at", "by", "script"]
    list_filter = ["kind", "outcome", "lead__dealer"]
    raw_id_fields = ["lead"]
    date_hierarchy = "at"


@admin.register(CallScript)
class CallScriptAdmin(admin.ModelAdmin):
    list_display = ["name", "version", "dealer", "source", "is_active"]
    list_filter = ["dealer", "source", "is_active"]


@admin.register(FollowUpStandard)
class FollowUpStandardAdmin(admin.ModelAdmin):
    list_display = [
        "dealer",
        "first_response_minutes",
        "call_attempts",
        "distinct_days",
        "written_message_required",
    ]


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["lead", "kind", "sequence", "due_at", "claimed_by", "attempts", "result"]
    list_filter = ["kind", "result"]
    raw_id_fields = ["lead"]
    date_hierarchy = "due_at"


@admin.register(DailyJob)
class DailyJobAdmin(admin.ModelAdmin):
    """Why a morning's pace check or the nightly retention did not run shows here."""

    list_display = ["day", "kind", "dealer", "due_at", "result", "attempts", "last_error"]
    list_filter = ["kind", "result", "dealer"]
    date_hierarchy = "day"


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "lead", "created_at", "read_at", "email_state"]
    list_filter = ["kind", "email_state"]
    raw_id_fields = ["lead", "job"]
