"""Audio in and out: microphone, speaker, segmenting speech, recordings, chimes."""
