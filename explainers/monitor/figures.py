"""Figures of a monitoring run (filled below)."""
