"""Demo consultations for ``load_demo_data`` (``events``), with each event's meeting materials
(``materials``)."""

from .events import load_demo_consultations

__all__ = ["load_demo_consultations"]
