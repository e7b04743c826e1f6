"""The API's web pages (namespace ``api``): the user's device tokens and the staff's
documentation page. The operations themselves are in v1_urls (``api_v1``)."""

from core.urls import route

from .views import pages

app_name = "api"

urlpatterns = [
    route("tokens/", pages.TokenListView, "tokens"),
    route("tokens/<int:pk>/revoke/", pages.TokenRevokeView, "token_revoke"),
    route("v1/docs/", pages.DocsView, "docs"),
]
