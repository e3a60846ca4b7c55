"""One error tree: every problem voiceinfo names to its user is a VoiceinfoError.

Its message says what is wrong and, where something can be done, what to do; `problem` is how
the command line introduces it ("voiceinfo: content problem: ...") and `status` its exit status.
"""

from __future__ import annotations


class VoiceinfoError(Exception):
    problem = "a"
    status = 1
