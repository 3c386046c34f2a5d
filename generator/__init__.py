"""Follow-Up Guide: interview follow-up advice kept as YAML rules, built into a guide site.

Data flows rules/ -> loader -> checks -> render -> site. Nothing here imports MkDocs except
``plugin``, the thin adapter that hands rendered pages to MkDocs.
"""
