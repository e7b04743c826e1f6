"""ETags on the lists the APP polls (notices, own activities, items, shifts): the body's hash.
A client that sends ``If-None-Match`` with the last ETag gets ``304 Not Modified`` and no body —
the queries still run (the list is read to know), the transfer to a phone does not."""

from __future__ import annotations

import hashlib

from django.utils.cache import get_conditional_response
from django.utils.http import quote_etag


class ETagMixin:
    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in {"GET", "HEAD"} or response.status_code != 200:
            return response
        response.render()
        etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
        response["ETag"] = etag
        return get_conditional_response(request, etag=etag, response=response)
