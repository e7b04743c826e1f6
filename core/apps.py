from django.apps import AppConfig

from . import csrf


class CoreConfig(AppConfig):
    name = "core"

    def ready(self) -> None:
        csrf.install()
