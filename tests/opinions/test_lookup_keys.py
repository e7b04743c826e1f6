"""The lookup key is stored as a keyed hash (HMAC-SHA256 with the server secret), not with the
password hasher: a submission no longer spends ~130 ms and ~100 MiB of Argon2 on a random key."""

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.test import override_settings

from opinions import lookup_keys
from opinions.services import check_lookup_key
from tests.opinions.factories import OpinionFactory


def test_a_new_key_is_stored_keyed_and_matches_as_typed():
    shown, stored = lookup_keys.new_lookup_key()
    assert stored.startswith("hmac_sha256$") and shown.replace("-", "") not in stored
    assert lookup_keys.key_matches(shown, stored)
    assert lookup_keys.key_matches(shown.lower().replace("-", " "), stored)
    assert not lookup_keys.key_matches("AAAAA-BBBBB", stored)
    assert not lookup_keys.key_matches(shown, "")


def test_the_hash_depends_on_the_server_secret_and_survives_a_rotation():
    shown, stored = lookup_keys.new_lookup_key()
    old_secret, new_secret = settings.SECRET_KEY, "another-secret-" + "x" * 40
    with override_settings(SECRET_KEY=new_secret, SECRET_KEY_FALLBACKS=[]):
        assert not lookup_keys.key_matches(shown, stored)
    with override_settings(SECRET_KEY=new_secret, SECRET_KEY_FALLBACKS=[old_secret]):
        assert lookup_keys.key_matches(shown, stored)


def test_keys_issued_with_the_password_hasher_still_match(db):
    opinion = OpinionFactory(lookup_key_hash=make_password("ABCDEFGHJK"))
    assert check_lookup_key(opinion, "abcde-fghjk")
    assert not check_lookup_key(opinion, "ABCDE-FGHJL")
