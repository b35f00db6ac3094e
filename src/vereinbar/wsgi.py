"""The WSGI application, imported once by each server worker (gunicorn, runserver).

Each worker also warms the PDF engine in the background (WeasyPrint's import and font set-up
take about a second, paid otherwise by the first certificate a worker makes). Start-up does
not wait for it and cannot fail with it; ``VEREINBAR_PDF_WARM_UP=0`` turns it off. It never
runs under tests or management commands other than runserver, which do not import this module
(and under pytest it is skipped should a test import it).
"""

import os
import sys

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vereinbar.settings")
application = get_wsgi_application()


def pdf_warm_up_wanted(environ: "os._Environ[str] | dict[str, str]" = os.environ) -> bool:
    return environ.get("VEREINBAR_PDF_WARM_UP", "1").strip().lower() not in {"0", "false", "no", "off"} and (
        "pytest" not in sys.modules
    )


if pdf_warm_up_wanted():
    try:
        from vereinbar.certificates.pdf import pdf_engine_warm_in_background

        pdf_engine_warm_in_background()
    except Exception:  # a worker starts even when the warm-up cannot
        import logging

        logging.getLogger(__name__).warning("the PDF engine could not be warmed", exc_info=True)
