"""The composition layer: the only package that may import every app.

It wires the apps together (the API router, the start page's URLs) and holds what needs the
whole domain at once (the demo and the made-up example employers). ``vereinbar.urls``,
``vereinbar.wsgi``, ``vereinbar.asgi`` and ``vereinbar.cli`` belong to this layer as well.
See docs/architecture.md, "Layers".
"""
