"""May it go live: a written release policy judged pass / warn / fail on interval bounds."""

from . import export, figures, table, words
from .brief import Brief, brief
from .default import default_policy
from .policy import Check, Policy, as_mapping, read_policy
from .section import remember
from .table import from_table, to_table
from .verdict import CheckResult, GateResult, gate, resolve

__all__ = ["Brief", "Check", "CheckResult", "GateResult", "Policy", "as_mapping", "brief", "default_policy", "export",
           "figures", "from_table", "gate", "read_policy", "remember", "resolve", "table", "to_table", "words"]
