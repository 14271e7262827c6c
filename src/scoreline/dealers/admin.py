from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from scoreline.dealers.models import Dealer, DealerGroup, Membership, OpeningException, User


class OpeningExceptionInline(admin.TabularInline):
    model = OpeningException
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["dealer"]


@admin.register(DealerGroup)
class DealerGroupAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Dealer)
class DealerAdmin(admin.ModelAdmin):
    list_display = ["name", "group", "country", "time_zone", "opening_hours", "is_active"]
    list_filter = ["group", "country", "is_active"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OpeningExceptionInline]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "email", "is_staff"]
    fieldsets = (*(BaseUserAdmin.fieldsets or ()), ("Scoreline", {"fields": ["language", "phone"]}))
