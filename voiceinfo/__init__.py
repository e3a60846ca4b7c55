"""voiceinfo: an offline, hands-free voice information service about medicines."""

import os

# One BLAS thread (before numpy is first imported): the sentence model's small products gain
# little from a second, and a spinning BLAS thread takes the core audio and the recogniser need
# (two test workers embedding at once took 9 times as long as one alone).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

__version__ = "0.1.0"
