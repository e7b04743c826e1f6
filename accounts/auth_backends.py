"""Log in with a mobile phone number in the username box (用户名或手机号码)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from .models import phone_validator


class PhoneNumberBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        username = username.strip()
        try:
            phone_validator(username)
        except Exception:
            return None
        User = get_user_model()
        try:
            user = User.objects.get(phone=username)
        except User.DoesNotExist:
            User().set_password(password)  # same work either way: no timing oracle
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def has_perm(self, user_obj, perm, obj=None):
        return False  # permissions are answered by the rules and allauth backends
