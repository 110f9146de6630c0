from django.contrib import admin
from django.urls import include, path

from triage import admin_tools

urlpatterns = [
    path("admin/triage/", include(admin_tools)),
    path("admin/", admin.site.urls),
    path("", include("triage.public_urls")),
]
