"""Plans are read here; a new version comes from `scoreline plan build`, never an edit."""

from django.contrib import admin

from scoreline.planning.models import PaceCheck, PaceWarning, Plan, PlanLine, PlanMonth, PlanSource


class PlanMonthInline(admin.TabularInline):
    model = PlanMonth
    extra = 0
    fields = ["month", "target", "sales_factor", "conversion_factor", "note", "planned_sales"]


class PlanSourceInline(admin.TabularInline):
    model = PlanSource
    extra = 0
    fields = [
        "source",
        "conversion",
        "history_conversion",
        "cost_per_lead",
        "monthly_cap",
        "minimum_leads",
    ]


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["dealer", "year", "version", "yearly_target", "budget_cap", "created_at"]
    list_filter = ["dealer", "year"]
    inlines = [PlanMonthInline, PlanSourceInline]
    readonly_fields = ["minimum_budget", "marginal_cost_per_sale", "created_at", "created_by"]


@admin.register(PlanLine)
class PlanLineAdmin(admin.ModelAdmin):
    list_display = ["plan", "month", "source", "leads", "cost", "sales", "at_cap"]
    list_filter = ["plan__dealer", "plan__year", "source"]


@admin.register(PaceCheck)
class PaceCheckAdmin(admin.ModelAdmin):
    list_display = [
        "dealer",
        "month",
        "as_of",
        "sales_so_far",
        "expected",
        "low",
        "high",
        "p_target",
        "warned",
    ]
    list_filter = ["dealer", "warned"]
    date_hierarchy = "as_of"


@admin.register(PaceWarning)
class PaceWarningAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "read_at", "text"]
    list_filter = ["read_at"]
