"""Reads the pages make over many responses: counts, keyword and meaning search."""
