"""The API's web pages (namespace ``api``): the user's device tokens and the staff's
documentation page. The operations themselves are in v1_urls (``api_v1``)."""

from django.urls import path

from .views import pages

app_name = "api"

urlpatterns = [
    path("tokens/", pages.TokenListView.as_view(), name="tokens"),
    path("tokens/<int:pk>/revoke/", pages.TokenRevokeView.as_view(), name="token_revoke"),
    path("v1/docs/", pages.DocsView.as_view(), name="docs"),
]
