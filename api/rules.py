"""Who may use the API's pages: every signed-in user keeps their own device tokens; the
documentation page is for the office (and administrators)."""

import rules

from accounts.rules import is_office

rules.add_perm("api.manage_own_tokens", rules.is_authenticated)
rules.add_perm("api.read_docs", is_office)
