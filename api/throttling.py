"""Rates: per token (one device cannot spend its owner's whole budget: a lost or looping phone is
stopped on its own), per signed-in user (all their tokens and their session share one budget) and
per client address for the anonymous, counted in the shared cache. The address is the one the portal trusts
(core.http.client_ip behind TRUSTED_PROXY_COUNT proxies), not DRF's own guess."""

from rest_framework import throttling

from core.http import client_ip

from .models import ApiToken


class UserRateThrottle(throttling.UserRateThrottle):
    def get_ident(self, request):
        return client_ip(request)


class AnonRateThrottle(throttling.AnonRateThrottle):
    def get_ident(self, request):
        return client_ip(request)


class TokenRateThrottle(throttling.SimpleRateThrottle):
    """Requests made with one token (``request.auth``); a session is not counted here."""

    scope = "token"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
