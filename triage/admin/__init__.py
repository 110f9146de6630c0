"""The clinical admin: content editing (`knowledge`), releases, scenarios and saved assessments,
each a module of model admins; the custom pages they delegate to are in `views`, shared pieces in
`common`, and the knowledge check's address in `urls`."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

# Importing the modules registers their model admins with the admin site.
from triage.admin import (  # noqa: F401
    assessments,
    audit,
    knowledge,
    medicines,
    red_flags,
    releases,
    safety,
    scenarios,
)
from triage.admin.forms import SignInForm

admin.site.site_header = _("Muscle twitching check: clinical knowledge")
admin.site.site_title = _("Clinical knowledge")
admin.site.index_title = _("Knowledge base")
admin.site.login_form = SignInForm
