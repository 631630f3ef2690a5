from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from config.health import healthz

admin.site.site_header = _("Citizen promises: administration")
admin.site.site_title = _("Citizen promises")
admin.site.index_title = _("Organisations, users and content")

handler500 = "config.unavailable.handler500"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("", include("promises.urls")),
    path("", include("followups.urls")),
    path("", include("situations.urls")),
    path(
        "tillganglighet/",
        TemplateView.as_view(template_name="pages/accessibility.html"),
        name="accessibility",
    ),
    path(
        "personuppgifter/",
        TemplateView.as_view(template_name="pages/privacy.html"),
        name="privacy",
    ),
    path("konto/", include("config.accounts")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
