from django.contrib import admin
from django.urls import include, path

from triage.admin import urls as admin_urls
from triage.web import health

urlpatterns = [
    path("admin/triage/", include(admin_urls)),
    path("admin/", admin.site.urls),
    path("health/", health.health, name="health"),
    path("health/live/", health.health_live, name="health_live"),
    path("", include("triage.questionnaire.urls")),
]
