"""Django's own messages that a public page can show, listed so that ``makemessages`` keeps them
in the project's catalogue. Needed for Mongolian: Django ships an ``mn`` catalogue in Cyrillic,
and the public pages are in the traditional script (locale/mn, docs/translations.md). The
project's catalogue comes first (LOCALE_PATHS), so these entries replace Django's."""

from django.utils.translation import gettext_noop

DJANGO_PUBLIC_MESSAGES = (
    gettext_noop("This field is required."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("Select a valid choice. That choice is not one of the available choices."),
    gettext_noop("Enter a whole number."),
    gettext_noop("The submitted file is empty."),
)
