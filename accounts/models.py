"""Accounts: the portal user with its role and scope, and login lockouts."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from core.fields import optional_fk
from org.scope import ScopedQuerySet

from . import roles

phone_validator = RegexValidator(
    r"^1[3-9]\d{9}$", _("请输入11位中国大陆手机号码，例如 13800000000。")
)


def mask_phone(phone: str | None) -> str:
    """138****1234 — the form every page shows unless the viewer is the owner."""
    if not phone:
        return ""
    if len(phone) < 7:
        return "*" * len(phone)
    return f"{phone[:3]}****{phone[-4:]}"


class PortalUserManager(UserManager):
    def get_by_natural_key(self, username):
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


class User(AbstractUser):
    class Role(models.TextChoices):
        CITIZEN = "citizen", _("群众")
        MEMBER = "member", _("委员")
        STAFF = "staff", _("工作人员")
        LEADER = "leader", _("领导")
        DEPARTMENT = "department", _("承办单位")
        ADMIN = "admin", _("系统管理员")

    name = models.CharField(_("姓名"), max_length=40, blank=True)
    role = models.CharField(
        _("角色"), max_length=16, choices=Role.choices, default=Role.CITIZEN, db_index=True
    )
    committee = optional_fk(
        "org.Committee", _("所属政协"), on_delete=models.PROTECT, related_name="users"
    )
    phone = models.CharField(
        _("手机号码"),
        max_length=11,
        null=True,
        blank=True,
        unique=True,
        validators=[phone_validator],
    )
    department = optional_fk(
        "org.Department", _("承办单位"), on_delete=models.PROTECT, related_name="users"
    )
    must_change_password = models.BooleanField(
        _("首次登录须修改密码"),
        default=False,
        help_text=_("管理员创建或重置密码的账号，登录后须先修改密码。"),
    )

    objects = PortalUserManager()

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    role__in=["citizen", "member", "staff", "leader", "department", "admin"]
                ),
                name="user_role_valid",
            ),
            models.UniqueConstraint(Lower("username"), name="uniq_username_ci"),
        ]

    def __str__(self):
        return self.name or self.username

    @property
    def display_name(self) -> str:
        return self.name or self.get_full_name() or self.username

    def _get_session_auth_hash(self, secret=None):
        """Sessions carry a hash of the password *and* the role and scope: changing a user's
        role, committee or department (or password) ends all their sessions."""
        return salted_hmac(
            "members.User.get_session_auth_hash",
            f"{self.password}|{self.role}|{self.committee_id}|{self.department_id}|"
            f"{self.is_superuser}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    @property
    def is_office(self) -> bool:
        """Committee office: staff and administrators (accounts.roles.OFFICE_ROLES)."""
        return roles.is_office(self)


class LoginLockoutQuerySet(ScopedQuerySet):
    scope_lookup = "user__committee"

    def active(self, now=None):
        return self.filter(lifted_at__isnull=True, until__gt=now or timezone.now())


class LoginLockout(models.Model):
    """An account that too many failed logins from unknown clients (addresses and browsers it
    never signed in from) have locked for unknown clients (accounts.lockouts). The owner on a known
    device or address still gets in; staff in scope can lift it early."""

    user = models.ForeignKey(
        User, verbose_name=_("账号"), on_delete=models.CASCADE, related_name="login_lockouts"
    )
    created_at = models.DateTimeField(_("锁定时间"), default=timezone.now)
    until = models.DateTimeField(_("锁定至"))
    ip_address = models.GenericIPAddressField(_("触发锁定的IP地址"), null=True, blank=True)
    lifted_at = models.DateTimeField(_("解除时间"), null=True, blank=True)
    lifted_by = optional_fk(User, _("解除人"))

    objects = LoginLockoutQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "lifted_at", "until"])]
        verbose_name = _("登录锁定")
        verbose_name_plural = _("登录锁定")

    def __str__(self):
        return f"{self.user} {self.created_at:%Y-%m-%d %H:%M}"
