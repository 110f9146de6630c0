from django.contrib import admin
from django.urls import include, path

from triage.admin import urls as admin_urls
from triage.web import health

# The site's own error pages (triage/web/errors.py): a 400 that survives an unreadable body, and a
# 503 instead of a 500 when the database is down or hanging.
handler400 = "triage.web.errors.bad_request"
handler500 = "triage.web.errors.server_error"

urlpatterns = [
    path("admin/triage/", include(admin_urls)),
    path("admin/", admin.site.urls),
    path("health/", health.health, name="health"),
    path("health/live/", health.health_live, name="health_live"),
    # set_language: the language switcher on every public page posts here (no JavaScript needed).
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("triage.questionnaire.urls")),
]
