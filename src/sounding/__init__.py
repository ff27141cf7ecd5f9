"""Sounding: consultation analysis, guidance answers, document help and model evaluation."""

__version__ = "0.1.0"
