"""The model card (first section of every report) and the regulatory map (its appendix)."""

from .card import ModelCard, model_card
from .regulatory import RegulatoryMap, regulatory_map

__all__ = ["ModelCard", "RegulatoryMap", "model_card", "regulatory_map"]
