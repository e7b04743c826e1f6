"""Demo consultations for ``load_demo_data``: the loader (``events``, following ``plan``) with
its topics (``topics``), observers (``observers``), minutes and outcomes (``records``) and each
event's meeting materials (``materials``)."""

from .events import load_demo_consultations

__all__ = ["load_demo_consultations"]
