"""Demo opinions for ``load_demo_data``: opinions in every state of the review lifecycle
(``intake``), the second half of the lifecycle for some adopted ones — bulletins, forwardings,
replies, instructions, ratings (``forwarding``) — and the demo citizen's own items
(``citizens``). Call them in that order, after the members and the accounts exist."""

from .citizens import load_demo_citizen_items
from .forwarding import load_demo_handling
from .intake import DEMO_KEY, load_demo_opinions

__all__ = ["DEMO_KEY", "load_demo_citizen_items", "load_demo_handling", "load_demo_opinions"]
