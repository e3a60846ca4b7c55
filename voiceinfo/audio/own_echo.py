"""How much of what the microphone heard is what the speaker had just played.

With no echo canceller, the microphone hears voiceinfo's own voice; words alone cannot always
tell it from a command (Piper's voice, heard in pieces, was taken for "pause" and "hold on").
The samples tell: the echo is what was played, delayed and filtered by the way back, so a short
filter of the played sound, at the right delay, explains nearly all of it; a person speaking
over it adds what nothing played explains. A level alone could not tell them apart reliably
(docs/measurements.md, "Its own voice told by level: tried, not kept").
"""

from __future__ import annotations

import numpy as np

# Speaker to microphone: the sound server's and the device's buffers, the room.
_MAX_LAG = 0.8  # seconds
_SLACK = 0.2  # seconds: how far the two streams' clocks may stray from each other
# What is compared with what is heard: played from this long before it to _SLACK after it.
BEFORE = _MAX_LAG + _SLACK
AFTER = _SLACK
_TAPS = 8  # filter taps either side of the best delay: a fraction of a millisecond of room and resampling
_PIECE = 0.1  # seconds compared at a time, each at its own delay


def _explained(y: np.ndarray, x: np.ndarray) -> float:
    """The energy of y that a short filter of x explains, at the delay into x where it fits best."""
    n, m = len(y), len(x)
    size = 1 << (n + m - 1).bit_length()
    # corr[k] = sum_t x[k + t] y[t], for every start k of a window of x as long as y
    corr = np.fft.irfft(np.fft.rfft(x, size) * np.conj(np.fft.rfft(y, size)), size)[:m - n + 1]
    window = np.concatenate([[0.0], np.cumsum(x * x)])
    power = window[n:] - window[:m - n + 1]
    k = int(np.argmax(np.abs(corr) / np.sqrt(np.maximum(power, 1e-9))))
    starts = [s for s in range(k - _TAPS, k + _TAPS + 1) if 0 <= s <= m - n]
    basis = np.stack([x[s:s + n] for s in starts], axis=1)
    fit, *_ = np.linalg.lstsq(basis, y, rcond=None)
    left = y - basis @ fit
    return max(0.0, float(y @ y) - float(left @ left))


def echo_share(heard: np.ndarray, played: np.ndarray, rate: int) -> float:
    """The share (0 to 1) of heard's energy that what was played explains: each tenth of a second
    of heard against what was played from BEFORE before it to AFTER after it, at its own best
    delay (the sound server's delay drifts, and a stream that ran dry shifts what follows).
    played starts BEFORE before heard, at the same rate."""
    y, x = heard.astype(np.float64), played.astype(np.float64)
    piece, reach = round(_PIECE * rate), round((BEFORE + AFTER) * rate)
    energy = explained = 0.0
    for at in range(0, len(y) - piece + 1, piece):
        part = y[at:at + piece]
        near = x[at:at + piece + reach]
        energy += float(part @ part)
        if len(near) >= piece + 2 * _TAPS:
            explained += _explained(part, near)
    return explained / energy if energy > 0.0 else 0.0
