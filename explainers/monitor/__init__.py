"""Is it still holding up: scored batches after go-live watched period by period (performance realised and
estimated, drift, explanation drift, quality, skew, the release policy's rollback criteria).

Pages import from here only: the computation and result below, ``figures`` and ``words``.
"""

from . import figures, words
from .monitoring import Monitoring, monitor

__all__ = ["Monitoring", "figures", "monitor", "words"]
