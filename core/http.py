"""Small request/response helpers shared by every app."""

import ipaddress
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpRequest, HttpResponseBase
from django.utils.cache import add_never_cache_headers
from django.utils.http import http_date


def _clean_ip(value: str) -> str | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [::1]:443
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # 203.0.113.7:51000
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """The client's address, the one answer for the whole portal (audit log, rate limits, allauth's
    login throttle). Directly on the internet (TRUSTED_PROXY_COUNT = 0) it is REMOTE_ADDR and
    X-Forwarded-For is ignored, since anyone can send it. Behind our own reverse proxies it is the
    X-Forwarded-For hop TRUSTED_PROXY_COUNT from the right: the one our nearest proxy saw, which a
    client cannot forge by sending a header of its own (the proxy appends to it)."""
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count > 0 and forwarded:
        hops = forwarded.split(",")
        ip = _clean_ip(hops[-min(count, len(hops))])
        if ip:
            return ip
    return _clean_ip(request.META.get("REMOTE_ADDR", "")) or "unknown"


def private_file_response(
    file: FieldFile,
    *,
    content_type: str,
    filename: str = "",
    download: bool = False,
    public: bool = False,
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


NEVER_CACHE = "max-age=0, no-cache, no-store, must-revalidate, private"


def never_cache(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Django's ``never_cache`` for a sync view, with its two headers written directly when the
    response has neither yet: the same ``Expires`` (now) and ``Cache-Control`` as Django's, which
    parses and rebuilds ``Cache-Control`` twice (~35 µs, a tenth of a public form page served
    from its shell, issue 11). A response that already has one of them gets Django's merge."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        if response.has_header("Cache-Control") or response.has_header("Expires"):
            add_never_cache_headers(response)
        else:
            response["Expires"] = http_date(time.time())
            response["Cache-Control"] = NEVER_CACHE
        return response

    return wrapper
