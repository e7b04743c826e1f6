"""Small request/response helpers shared by every app."""

from django.conf import settings
from django.http import FileResponse


def client_ip(request) -> str:
    """The client's address; behind a trusted proxy (BEHIND_PROXY) the last X-Forwarded-For hop."""
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def private_file_response(
    file, *, content_type: str, filename: str = "", download: bool = False, public: bool = False
) -> FileResponse:
    """Serve an uploaded file from private storage: never sniffed, never run as a page, and not
    cached unless it is public."""
    response = FileResponse(
        file.open("rb"), content_type=content_type, as_attachment=download, filename=filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "public, max-age=3600" if public else "private, no-store"
    return response
