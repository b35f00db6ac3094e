"""Pages of the organisations app, one module per part: workspace and operator area overview,
members and history (``workspace``), profile and logo (``profile``), units and contacts
(``structure``), self-registration and its review (``registration``)."""
