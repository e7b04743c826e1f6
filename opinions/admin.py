from django.contrib import admin

from .models import Department


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "committee", "contact_name", "is_active"]
    list_filter = ["committee", "is_active"]
    search_fields = ["name"]
