"""Helpers for the organisation and measure tests: an API client per persona, image files."""

from __future__ import annotations

import io
import json
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from vereinbar.accounts.services import token_create


class Api:
    """Calls /api/v1/ as one user, with a personal token (or anonymously with user=None)."""

    def __init__(self, client: Any, user: Any = None) -> None:
        self.client = client
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=user, name='test').secret}"} if user else {}

    def _json(self, method: str, path: str, body: Any = None, **extra: Any) -> Any:
        call = getattr(self.client, method)
        if body is None:
            return call(f"/api/v1{path}", **self.headers, **extra)
        return call(f"/api/v1{path}", data=json.dumps(body), content_type="application/json", **self.headers, **extra)

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return self.client.get(f"/api/v1{path}", params or {}, **self.headers)

    def post(self, path: str, body: Any = None, **extra: Any) -> Any:
        return self._json("post", path, body if body is not None else {}, **extra)

    def patch(self, path: str, body: Any) -> Any:
        return self._json("patch", path, body)

    def delete(self, path: str) -> Any:
        return self._json("delete", path)

    def upload(self, path: str, **files: Any) -> Any:
        return self.client.post(f"/api/v1{path}", data=files, **self.headers)


def image_bytes(format: str = "PNG", size: tuple[int, int] = (40, 20), **save: Any) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (11, 92, 77)).save(out, format=format, **save)
    return out.getvalue()


def upload(name: str, content: bytes, content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def field_errors(response: Any, field: str) -> list[str]:
    """The errors a rendered form shows next to one field."""
    form = response.context["form"]
    return [str(error) for error in form.errors.get(field, [])]
