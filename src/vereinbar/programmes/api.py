"""API for programmes (mounted under /api/v1/programmes/)."""

from ninja import Router

router = Router(tags=["programmes"])
