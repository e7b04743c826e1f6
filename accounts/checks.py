"""Deployment checks (``manage.py check --deploy``) for the account policy."""

from django.conf import settings
from django.core import checks


def debug_set_explicitly(app_configs, **kwargs):
    """With DEBUG unset the portal runs as the local demo: two-factor login is not required. A
    deployment must say DEBUG=false (production) on purpose."""
    if getattr(settings, "DEBUG_SETTING", None) is None:
        return [
            checks.Warning(
                "DEBUG is not set: the portal runs as the local demo (two-factor login not "
                "required, static files from static/).",
                hint="Set DEBUG=false in the environment of a deployment.",
                id="accounts.W001",
            )
        ]
    return []
