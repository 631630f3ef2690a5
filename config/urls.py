"""Every address of the site, one entry per audience.

- The public site, for residents: followups/public/ (urls.py → views/, selectors.py).
- Open data, for other tools: followups/opendata/ (urls.py → views.py, feeds.py).
- The workspace, for coordinators and the police, under /arbetsyta/: each entity's pages in its
  app (the lägesbild, EST and surveys in situations; charters, promises, indicators and safety
  walks in promises), the dashboard with the follow-ups and their review in followups.
- Accounts, the admin and the health check.
"""

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from config.accounts.views import admin_login
from config.health import healthz

admin.site.site_header = _("Citizen promises: administration")
admin.site.site_title = _("Citizen promises")
admin.site.index_title = _("Organisations, users and content")
# Everyone logs in through /konto/logga-in/, where single sign-on, the switch that turns
# passwords off and the second factor apply; the admin's own password form would bypass them.
admin.site.login = admin_login

# Error pages in the site's layout, and JSON errors under /api/ (config/errors.py); a 500
# caused by the database is the 503 page (config/unavailable.py).
handler400 = "config.errors.bad_request"
handler403 = "config.errors.permission_denied"
handler404 = "config.errors.page_not_found"
handler500 = "config.unavailable.handler500"

urlpatterns = [
    path("", include("followups.public.urls")),
    path("", include("followups.opendata.urls")),
    path("arbetsyta/", include("followups.urls")),
    path("arbetsyta/", include("promises.urls")),
    path("arbetsyta/", include("situations.urls")),
    path("konto/", include("config.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]
