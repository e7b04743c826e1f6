"""Rates: per signed-in user (all their tokens and their session share one budget) and per client
address for the anonymous, counted in the shared cache. The address is the one the portal trusts
(core.http.client_ip behind TRUSTED_PROXY_COUNT proxies), not DRF's own guess."""

from rest_framework import throttling

from core.http import client_ip


class UserRateThrottle(throttling.UserRateThrottle):
    def get_ident(self, request):
        return client_ip(request)


class AnonRateThrottle(throttling.AnonRateThrottle):
    def get_ident(self, request):
        return client_ip(request)
