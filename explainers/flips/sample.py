"""The rows counterfactuals read the data's shape from: linked columns, column scales and candidate values.

Up to SAMPLE_ROWS rows that is every row; above it, one seeded random sample of that many rows (in their
order), shared by the links, their rules and the search's column facts, so that all three describe the same
rows and the method says which. At a million rows the linked columns alone compared 144 column pairs over
every row (1.6 s); their tables, scales and quantiles differ from the whole data's only by sampling error.
Observed ranges (a counterfactual never leaves them), categories and the pool of real rows with the wanted
decision still come from every row.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.case import Case
from ..core.language import _, count
from ..core.memo import per_case
from ..core.words import rows as rows_
from ..failures.sample import sample_positions

SAMPLE_ROWS = 100_000  # above this many rows, links, scales and candidate values come from a sample of this size
SEED = 0


def shape_rows(case: Case) -> pd.DataFrame:
    """``case.X`` itself, or above SAMPLE_ROWS rows a seeded random sample of SAMPLE_ROWS of its rows (cached
    per case)."""
    if len(case.X) <= SAMPLE_ROWS:
        return case.X
    return per_case(case, "flips_shape_rows", lambda: case.X.iloc[picks(len(case.X))])


def picks(rows: int) -> np.ndarray:
    """The sampled positions, sorted: the same for every case of ``rows`` rows."""
    return sample_positions(rows, SAMPLE_ROWS, SEED)


def sampled(case: Case) -> bool:
    return len(case.X) > SAMPLE_ROWS


def sample_phrase(case: Case) -> str:
    """"; linked columns, ... from a random sample of 100,000 of the 1,000,000 rows (seed 0)" when sampled, else
    nothing: appended to the method of the links and of the counterfactuals."""
    if not sampled(case):
        return ""
    return "; " + _("linked columns, column scales and candidate values from a random sample of {sample} of the "
                    "{rows} (seed {seed})", sample=count(SAMPLE_ROWS), rows=rows_(len(case.X)), seed=SEED)
