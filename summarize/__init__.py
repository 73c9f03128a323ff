"""Daily news digest library: ingest, clean, segment, rank, assemble and render newspaper pages.

Plain functions over frozen dataclasses (see ``summarize.models``); no Prefect import anywhere here.
"""
