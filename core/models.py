"""Abstract models every app's records share."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Self

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models
from django.db.models.base import ModelBase
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import optional_fk

if TYPE_CHECKING:
    from core.uploads import CleanUpload


EVENT_KIND = _("事件")


class EventBase(ModelBase):
    """The event models' metaclass: what every concrete event model would otherwise declare again.

    - its ``kind`` column takes the choices of the model's own ``Kind`` (a ``TextChoices``);
    - its plural name is its name (Chinese has none): ``Meta.verbose_name`` is enough.

    Both produce the field and options a hand-written declaration would, so no migration changes.
    A model that declares ``kind`` or ``verbose_name_plural`` itself keeps its own.
    """

    def __new__(
        mcs, name: str, bases: tuple[type, ...], attrs: dict[str, Any], **kwargs: Any
    ) -> EventBase:
        kind = attrs.get("Kind")
        if kind is not None and "kind" not in attrs:
            attrs["kind"] = models.CharField(EVENT_KIND, max_length=20, choices=kind.choices)
        meta = attrs.get("Meta")
        if (
            meta is not None
            and hasattr(meta, "verbose_name")
            and not hasattr(meta, "verbose_name_plural")
        ):
            meta.verbose_name_plural = meta.verbose_name
        return super().__new__(mcs, name, bases, attrs, **kwargs)


class Event(models.Model, metaclass=EventBase):
    """One row per thing that happened to a record: who, when, from which state to which, why.

    The concrete event model adds the foreign key to its record (``related_name="events"``),
    its own ``Kind`` choices (``kind`` takes them: ``EventBase``) and ``Meta(Event.Meta)`` with
    its ``verbose_name``; ``core.workflow.Workflow.run`` writes exactly one per transition.
    ``created_at`` defaults to ``timezone.now`` (not ``auto_now_add``) so a frozen test clock and
    a data migration can set it.
    """

    kind = models.CharField(EVENT_KIND, max_length=20)
    actor = optional_fk(settings.AUTH_USER_MODEL, _("操作人"))
    from_status = models.CharField(_("原状态"), max_length=16, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, blank=True)
    comment = models.TextField(_("说明"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.from_status}→{self.to_status}"


class StoredFile(models.Model):
    """An upload kept in private storage (re-encoded or checked on the way in) and served only
    through a view that checks permission — never from a public media URL.

    The concrete model adds the foreign key to its record and ``file`` (with its own
    ``upload_to`` path, which names the file by ``token`` and ``extension``), and lists the
    content types it stores in ``EXTENSIONS``.
    """

    EXTENSIONS: ClassVar[dict[str, str]] = {"image/jpeg": ".jpg", "image/png": ".png"}
    file: FieldFile  # declared by the concrete model, with its ``upload_to``

    token = models.CharField(max_length=32, unique=True, editable=False)
    original_name = models.CharField(_("文件名"), max_length=120)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def extension(self) -> str:
        return self.EXTENSIONS.get(self.content_type, ".bin")

    @classmethod
    def store(cls, upload: CleanUpload, **record: Any) -> Self:
        """Keep a checked upload (``core.uploads``) as a new row of ``cls`` linked to ``record``
        (its foreign key): the file written to private storage under the row's token, then the
        row saved."""
        stored = cls(
            token=upload.token,
            original_name=upload.original_name[:120],
            content_type=upload.content_type,
            size=len(upload.data),
            **record,
        )
        stored.file.save(stored.extension, ContentFile(upload.data), save=False)
        stored.save()
        return stored
