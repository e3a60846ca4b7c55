"""How high a voice is: the median pitch of an utterance's voiced frames.

A higher voice usually comes with a shorter vocal tract, whose resonances (formants) sit
higher; the built-in recogniser's model hears such a voice better with its frequency scale
compressed to match (see hearing/sphinx/normalisation.voice_warp). Pitch is cheap to measure and
tells lower voices from higher ones well: espeak-ng's US and British voices, median 98 Hz
(10th-90th percentile 80-116); its female voice en-us+f3, 200 Hz (154-246).
"""

from __future__ import annotations

import numpy as np

_FRAME = 0.040  # seconds: two periods of the lowest pitch looked for
_HOP = 0.010
_LOWEST, _HIGHEST = 60.0, 400.0  # Hz: speaking voices, low men to children
_VOICED = 0.5  # the autocorrelation at the period, as a share of the frame's energy
_QUIET = 0.01  # frames with less energy than this share of the loudest are skipped
_MIN_FRAMES = 10  # fewer voiced frames than this (a tenth of a second) tell nothing


def median_pitch(samples: np.ndarray, rate: int) -> float | None:
    """The median fundamental frequency in Hz of the voiced frames of samples (mono),
    or None when too few are voiced (silence, noise, a whisper)."""
    frame, hop = int(_FRAME * rate), int(_HOP * rate)
    if len(samples) < frame:
        return None
    starts = np.arange(0, len(samples) - frame + 1, hop)
    frames = samples.astype(np.float64)[starts[:, None] + np.arange(frame)]
    frames -= frames.mean(axis=1, keepdims=True)
    energy = (frames ** 2).sum(axis=1)
    frames = frames[energy > _QUIET * energy.max()] if energy.max() > 0 else frames[:0]
    # Autocorrelation by FFT, zero-padded so that it does not wrap round.
    spectrum = np.fft.rfft(frames, 2 * frame)
    autocorrelation = np.fft.irfft(np.abs(spectrum) ** 2)[:, :frame]
    shortest, longest = int(rate / _HIGHEST), int(rate / _LOWEST)
    lags = shortest + np.argmax(autocorrelation[:, shortest:longest], axis=1)
    peaks = autocorrelation[np.arange(len(lags)), lags]
    voiced = peaks > _VOICED * autocorrelation[:, 0]
    if voiced.sum() < _MIN_FRAMES:
        return None
    return float(np.median(rate / lags[voiced]))
