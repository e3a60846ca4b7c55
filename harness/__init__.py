"""The harness that tests and benches share: the question sets, synthetic voices saying them,
a private sound server with virtual devices, voiceinfo run as a user runs it, and sound devices
replaced by memory. Not part of the installed package."""
