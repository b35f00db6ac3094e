"""The cycles API (mounted under /api/v1/cycles/): the same services as the pages.

A change the workflow does not allow now answers 409 ``{"code": "not_allowed_now"}`` with
the reason; a role that may not act 403; a cycle the caller is no party to 404; invalid
input (a file too large or of a refused type, an unknown criterion…) 422 with details.
"""

from ninja import Router

router = Router(tags=["cycles"])

from . import bulk, cycles, phases  # noqa: E402, F401  (endpoints register on the router)
