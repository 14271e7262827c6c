from django.contrib import admin

from scoreline.followup.models import Activity, CallScript, FollowUpStandard


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
