"""What SphinxRecogniser assumes of pocketsphinx's running cepstral mean (CMN_WINDOW): an
utterance's own mean follows from the running mean after it, without decoding the utterance
once more. A pocketsphinx that kept its mean otherwise would fail here."""

from __future__ import annotations

import numpy as np
import pocketsphinx
import pytest

from harness.spoken_audio import spoken
from voiceinfo.audio.segmenter import speech_in
from voiceinfo.hearing.sphinx.normalisation import BYTES_A_FRAME, CMN_WINDOW, cepstra
from voiceinfo.hearing.sphinx.recogniser import SphinxRecogniser
from voiceinfo.speaking.synthesiser import Synthesiser
from voiceinfo.speaking.voice import Voice
from voiceinfo.understanding.content import Monograph

pytestmark = pytest.mark.slow  # real speech models, synthesis or builds


def own_mean(monograph: Monograph, pcm: bytes) -> np.ndarray:
    """The mean a decode in one piece normalises by: the utterance's own."""
    decoder = SphinxRecogniser(monograph)._decoder
    decoder.start_utt()
    decoder.process_raw(pcm, False, True)
    decoder.end_utt()
    return cepstra(decoder.get_cmn(False))


def assert_running_mean_counts_its_start(monograph: Monograph, decoder: pocketsphinx.Decoder, pcm: bytes) -> None:
    start = cepstra(decoder.get_cmn(False))
    decoder.start_utt()
    decoder.process_raw(pcm, False, False)  # streamed, as the live loop and ask --audio feed it
    decoder.end_utt()
    running, own, frames = cepstra(decoder.get_cmn(True)), own_mean(monograph, pcm), len(pcm) // BYTES_A_FRAME
    assert np.abs(own - start).max() > 3  # else the check below would say little
    assert np.allclose(running, (CMN_WINDOW * start + frames * own) / (CMN_WINDOW + frames), atol=0.05)


def test_the_running_mean_counts_where_it_started_as_cmn_window_frames(monograph: Monograph) -> None:
    synthesiser = Synthesiser(Voice("gmw/en-us+f3", 140))
    first, second = (speech_in(spoken(synthesiser, q)).astype(np.int16).tobytes()
                     for q in ("can I drink alcohol with it", "what should I do if I forget a dose"))
    decoder = SphinxRecogniser(monograph)._decoder
    assert_running_mean_counts_its_start(monograph, decoder, first)  # from the model's mean
    decoder.set_cmn(decoder.get_cmn(True))  # restarted from where it is, as new_speaker does
    assert_running_mean_counts_its_start(monograph, decoder, second)
