"""Audio in and out: microphone, speaker, segmenting speech, recordings, chimes.

What voiceinfo hears is 16 kHz mono 16-bit PCM throughout: what the recognisers and the voice
activity detector take, and what a recording is converted to.
"""

SAMPLE_RATE = 16000
