"""One measures layer: every metric formula once, read from tallies that add up (chunks, partitions, periods)."""

from .formulas import formulas
from .frame import Measures, measure_tally
from .intervals import PoissonRounds, mover_difference, mover_ratio, percentile_interval, wilson
from .of_case import case_tally, decide, favourable_class, measures, partition_tally, rows_key, setting_of
from .tally import Setting, Tally, decisions, tally

__all__ = ["Measures", "PoissonRounds", "Setting", "Tally", "case_tally", "decide", "decisions", "favourable_class", "formulas",
           "measure_tally", "measures", "mover_difference", "mover_ratio", "partition_tally", "percentile_interval",
           "rows_key", "setting_of", "tally", "wilson"]
