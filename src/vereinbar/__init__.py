"""vereinbar: programmes for family- and care-friendly employers."""

import os

# numpy's BLAS (OpenBLAS) starts a thread per core for every matrix operation. The survey
# reports' anonymity audit makes a thousand small ones per report, whose threads then wait on
# each other and on the other processes' requests: a report of 36 units took 3-25 s instead of
# 0.5-0.8 s on two cores (docs/performance.md). A web or worker process serves one request at
# a time, so one thread each; a value set in the environment wins.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

__version__ = "0.1.0"  # kept equal to the version in pyproject.toml (a test checks)
