"""The signed collaboration agreement as a file: the one way an uploaded file leaves the site.

Uploaded files are never served from MEDIA_ROOT as they are: this view checks that the file may
be read (its agreement rests under a public charter, or the user reads one of its kommuner in
the workspace) and sends it as a download, typed as its content was checked to be when it was
uploaded (promises.documents), never as the uploader's browser or file name said.
"""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from promises.models import CollaborationAgreement
from promises.models.charters import DOCUMENT_EXTENSIONS
from promises.permissions import agreement_access


@never_cache
@require_safe
def agreement_document(request: HttpRequest, pk: int) -> FileResponse:
    agreement = get_object_or_404(CollaborationAgreement, pk=pk)
    extension = DOCUMENT_EXTENSIONS.get(agreement.document_type)
    if not agreement.document or extension is None:
        raise Http404
    if not agreement_access(request.user, agreement).can_view:
        raise Http404
    try:
        handle = agreement.document.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"samverkansoverenskommelse-{agreement.pk}.{extension}",
        content_type=agreement.document_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Opened on its own, the file may not run anything in the site's name.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
