from django.contrib import admin

from scoreline.leads.models import (
    Campaign,
    Inquiry,
    Lead,
    LeadEvent,
    LostReason,
    MonthlyCost,
    Order,
    Person,
    Source,
)


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "cost_model", "cost_per_lead", "target_conversion"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "dealer", "source", "starts_on", "ends_on", "budget"]
    list_filter = ["dealer", "source"]
    search_fields = ["name"]


@admin.register(MonthlyCost)
class MonthlyCostAdmin(admin.ModelAdmin):
    list_display = ["month", "dealer", "source", "amount"]
    list_filter = ["dealer", "source"]
    date_hierarchy = "month"


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["__str__", "dealer", "email", "phone"]
    list_filter = ["dealer"]
    search_fields = ["last_name", "email", "phone"]


@admin.register(LostReason)
class LostReasonAdmin(admin.ModelAdmin):
    list_display = ["label", "code", "needs_follow_up_standard"]


class InquiryInline(admin.TabularInline):
    model = Inquiry
    extra = 0


class LeadEventInline(admin.TabularInline):
    model = LeadEvent
    extra = 0
    fk_name = "lead"
    readonly_fields = [
        "at",
        "by",
        "kind",
        "from_status",
        "to_status",
        "from_user",
        "to_user",
        "reason",
    ]
    can_delete = False


@admin.register(Lead)
class LeadAdmin(admin.ModelAdmin):
    list_display = ["person", "dealer", "source", "received_at", "status", "assigned_to"]
    list_filter = ["dealer", "status", "source", "closed_without_standard", "is_imported"]
    search_fields = ["person__last_name", "person__email", "person__phone"]
    date_hierarchy = "received_at"
    list_select_related = ["person", "dealer", "source", "assigned_to"]
    raw_id_fields = ["person", "campaign"]
    # Status goes through the follow-up actions (the guard and the audit trail), not the admin.
    readonly_fields = ["status", "closed_at", "lost_reason", "closed_without_standard"]
    inlines = [InquiryInline, LeadEventInline]


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ["order_id", "dealer", "ordered_at", "last_name", "vehicle_model", "lead"]
    list_filter = ["dealer"]
    search_fields = ["order_id", "last_name", "vin"]
    raw_id_fields = ["lead"]
