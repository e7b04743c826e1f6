"""The account adapter customises allauth through its public methods only: a private method
(`_get_login_attempts_cache_key`, `_rollback_login_failed_rl_usage`, …) can change or vanish in
any allauth release without notice. The throttling behaviour itself is pinned by
test_login_throttle.py and test_lockout_extras.py."""

from allauth.account.adapter import DefaultAccountAdapter

from accounts.adapters import AccountAdapter


def test_the_adapter_overrides_no_private_allauth_method():
    private = {
        name
        for name in vars(AccountAdapter)
        if name.startswith("_")
        and not name.startswith("__")
        and hasattr(DefaultAccountAdapter, name)
    }
    assert private == set()


def test_login_throttling_hooks_are_public_adapter_methods():
    assert "pre_authenticate" in vars(AccountAdapter)
    assert "authenticate" in vars(AccountAdapter)
