"""The hands-free loop that carries a turn from microphone to speaker."""
