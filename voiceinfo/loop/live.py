"""The hands-free loop: microphone, segmenter, recogniser, dialogue, synthesiser, speaker.

Each turn: wait for speech, stream it into the recogniser while it is spoken, finish
decoding (and hear an unsure question again) in the silence it waits anyway to be sure the
speaker has finished, let the dialogue reply, and speak the reply sentence by sentence.
While speaking it listens for "stop" and "pause" with a second recogniser that knows the
program's own sentences, so its own voice coming back through the microphone is heard as
itself and not as a command.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Protocol

import numpy as np

from voiceinfo.audio.earcons import earcon, silence
from voiceinfo.audio.microphone import Microphone
from voiceinfo.audio.playback import AudioUnavailable, Piece, Playback, start_playing
from voiceinfo.audio.recordings import with_noise_floor
from voiceinfo.audio.segmenter import (
    FRAME_SECONDS,
    Endpointing,
    RecogniserFeed,
    Segment,
    Segmenter,
    VoiceActivity,
)
from voiceinfo.caregiver.sd_notify import Notifier
from voiceinfo.conversation.dialogue import Earcon, Reply
from voiceinfo.hearing.recogniser import Recogniser, Transcript
from voiceinfo.loop.captions import Captions
from voiceinfo.loop.out_of_order import SENTENCE, OutOfOrder
from voiceinfo.speaking.synthesiser import Synthesiser
from voiceinfo.understanding.commands import BARGE_IN, CommandParser
from voiceinfo.understanding.sureness import HearAgain
from voiceinfo.understanding.wording import is_content_word, stem, words

# Pause between the parts of a reply (the items of a list read out).
_PART_PAUSE = 0.5
# Barge-in: a short command then a short silence; anything longer is not "stop".
_BARGE_IN = Endpointing(end_silence=0.2, start_speech=0.064, min_speech=0.1, max_utterance=2.0)
# After speaking, the room still echoes for a moment: that is not the listener.
_ECHO_GUARD = 0.15

log = logging.getLogger(__name__)


def _key_words(text: str) -> set[str]:
    # By stem: its own "Stopping suddenly ..." is heard as "stop".
    return {stem(w) for w in words(text) if is_content_word(w)}


class Conversation(Protocol):
    """What the loop talks to: a Dialogue, or a KioskSession around one (None: say nothing)."""

    commands: CommandParser
    listening_for_wake: bool  # True while a kiosk waits for its wake phrase
    fresh_starts: int  # how many times it has started over for a new person

    def greeting(self, engine: str = "") -> Reply: ...

    def hear(self, text: str, confidence: float = 1.0, since_speaking: float = float("inf"),
             alternatives: tuple[str, ...] = (), hear_again: HearAgain | None = None) -> Reply | None: ...

    def would_hear_again(self, heard: Transcript) -> bool: ...

    def no_input(self) -> Reply | None: ...

    def interrupted(self, reply: Reply, parts_heard: int, saying: str = "") -> None: ...


Player = Callable[[Iterator[Piece], int, "int | str | None"], Playback]


@dataclass(frozen=True)
class Listeners:
    """The recognisers the loop listens with."""

    questions: Recogniser
    barge_in: Recogniser | None = None  # while it speaks, for "stop"; None: no barge-in
    wake: Recogniser | None = None  # while a kiosk waits for its wake phrase


@dataclass(frozen=True)
class LoopSettings:
    endpointing: Endpointing = Endpointing()
    reprompt_after: float = 10.0  # seconds of silence before a gentle reprompt
    earcons: bool = True


@dataclass(frozen=True)
class TurnTiming:
    """Where the time went between the end of speech and the first answer audio (seconds)."""

    heard: str
    section: str | None
    end_of_speech_wait: float  # silence waited for before deciding the sentence had ended
    recognition: float  # finishing decoding after that
    answering: float
    synthesis_to_first_audio: float  # synthesis of the first sentence, until it reaches the speaker
    hearing_again: float = 0.0  # hearing an unsure question a second time (understanding.understand)

    @property
    def beyond_silence(self) -> float:
        return self.recognition + self.hearing_again + self.answering + self.synthesis_to_first_audio


@dataclass
class _SecondHearing:
    """A recogniser's hear_again, noting what it heard and how long it took, for the captions
    and the turn's timing."""

    hear_again: HearAgain
    heard: Transcript | None = None
    seconds: float = 0.0

    def __call__(self) -> Transcript | None:
        started = time.monotonic()
        self.heard = self.hear_again()
        self.seconds = time.monotonic() - started
        return self.heard


@dataclass(frozen=True)
class _Decoded:
    """An utterance as the recogniser finished it: perhaps early, in a pause that may be its end."""

    transcript: Transcript
    hear_again: HearAgain
    at: float  # when decoding was done


@dataclass
class _Utterance:
    transcript: Transcript
    hear_again: HearAgain  # the recogniser's that heard it
    started_at: float
    voice_ended_at: float
    ended_at: float
    decoded_at: float


class LiveLoop:
    def __init__(self, conversation: Conversation, listeners: Listeners, synthesiser: Synthesiser,
                 microphone: Microphone, speaker: int | str | None,
                 settings: LoopSettings = LoopSettings(), captions: Captions = Captions(),
                 on_turn: Callable[[TurnTiming], None] | None = None,
                 on_error: Callable[[Exception], None] | None = None,
                 player: Player = start_playing, watchdog: Notifier | None = None,
                 out_of_order: OutOfOrder | None = None) -> None:
        self.conversation = conversation
        self._listeners = listeners
        self._synth = synthesiser
        self._mic = microphone
        self._speaker = speaker
        self.settings = settings
        self._captions = captions
        self._on_turn = on_turn
        self._on_error = on_error  # told of an error in a turn; it may raise to end the loop
        self._play = player
        self._watchdog = watchdog or Notifier({})
        self._out_of_order = out_of_order or OutOfOrder()
        # Speech that began while it spoke and ran on past the end of the reply: the start
        # of the next utterance, heard as a question rather than dropped.
        self._carried: list[bytes] = []
        self._vad = VoiceActivity()
        self._rng = np.random.default_rng()
        self._spoke_until = -float("inf")
        self._fresh_starts = conversation.fresh_starts

    def _for_recogniser(self, frame: bytes) -> bytes:
        """A virtual or very clean microphone gives digital silence, which recognisers mishear."""
        return with_noise_floor(np.frombuffer(frame, np.int16).astype(float), self._rng).tobytes()

    def run(self, greet: bool = True) -> int:
        """Converse until "goodbye"; returns the exit status. A lost microphone or speaker
        raises AudioUnavailable; any other error in a turn goes to on_error, is said aloud
        (at most once a minute) and the loop goes on."""
        questions = self._listeners.questions
        self._captions.status(f"Recognising speech with {questions.description}.")
        if greet:
            self._speak(self.conversation.greeting(questions.spoken_name))
        while True:
            try:
                if self._turn():
                    return 0
            except AudioUnavailable:
                raise
            except Exception as err:
                log.debug("a turn failed", exc_info=True)  # for a developer's debug log, never the user
                if self._on_error is None:
                    print(f"voiceinfo: an error in this turn, carrying on: {type(err).__name__}: {err}",
                          file=sys.stderr, flush=True)
                else:
                    self._on_error(err)
                self._say_out_of_order()

    def _say_out_of_order(self) -> None:
        """After a failed turn: the fixed sentence, so that nobody waits on silence."""
        self._captions.status(f"Notice: {SENTENCE}")
        if not self._out_of_order.due():
            return
        try:
            voice = self._synth.voice
            self._speak(Reply((SENTENCE,), voice.rate, voice.volume))
        except AudioUnavailable:
            raise
        except Exception as err:  # speaking is what failed: the printed notice has to do
            log.error("cannot say the out-of-order notice: %s", err)

    def _turn(self) -> bool:
        """Listen for one utterance and reply; True when the conversation has ended."""
        utterance = self._listen()
        if utterance is None:
            reply = self.conversation.no_input()
            self._after_a_fresh_start()
            if reply is not None:
                self._speak(reply)
            return False
        heard = utterance.transcript
        self._captions.show("Heard", heard.text or "(nothing I could make out)")
        started = time.monotonic()
        second = _SecondHearing(utterance.hear_again)
        reply = self.conversation.hear(heard.text, heard.confidence, utterance.started_at - self._spoke_until,
                                       heard.alternatives, second)
        if second.heard is not None:
            self._captions.show("Heard again", second.heard.text or "(nothing I could make out)")
        if reply is None:
            return False
        answered = time.monotonic()
        playback = self._speak(reply)
        if self._on_turn is not None:  # a reply with no sound (no chimes, "stop") is a turn too
            self._on_turn(TurnTiming(
                heard.text, reply.section,
                end_of_speech_wait=utterance.ended_at - utterance.voice_ended_at,
                recognition=utterance.decoded_at - utterance.ended_at,
                answering=answered - started - second.seconds,
                synthesis_to_first_audio=(playback.first_audio_at or answered) - answered,
                hearing_again=second.seconds))
        return reply.end

    def _after_a_fresh_start(self) -> None:
        """Once a kiosk has started over, the next voice may be someone else's: the question
        recogniser stops relying on what it learnt of the last one. (The wake recogniser is
        also the barge-in one, whose next utterance is most often voiceinfo's own voice.)"""
        if self.conversation.fresh_starts != self._fresh_starts:
            self._fresh_starts = self.conversation.fresh_starts
            self._listeners.questions.new_speaker()

    # -- listening --------------------------------------------------------------------

    def _listen(self) -> _Utterance | None:
        """The next utterance, or None after reprompt_after seconds without speech."""
        self._captions.status("Listening.")
        self._watchdog.ready()
        recogniser = self._listeners.questions
        if self.conversation.listening_for_wake and self._listeners.wake is not None:
            recogniser = self._listeners.wake
        segmenter = Segmenter(self.settings.endpointing)
        feed = RecogniserFeed()
        waited = 0.0
        voice_ended_at = started_at = time.monotonic()
        decoded: _Decoded | None = None  # finished early, while the segmenter waits to be sure

        def hear_on() -> None:  # speech went on after the pause: the utterance is not over
            nonlocal decoded
            if decoded is not None:
                recogniser.resume()
                decoded = None

        carried, self._carried = self._carried, []
        while True:
            self._watchdog.alive()
            frame = carried.pop(0) if carried else self._mic.read()
            if frame is None:
                continue
            event, is_speech, _ = self._feed(frame, segmenter, recogniser, feed, hear_on)
            now = time.monotonic()
            if event is Segment.STARTED:
                started_at = now - self.settings.endpointing.start_speech
            if segmenter.in_speech or event is not None:
                if is_speech:
                    voice_ended_at = now + FRAME_SECONDS
            else:
                waited += FRAME_SECONDS
            if event in (Segment.ENDED, Segment.TOO_LONG):
                decoded = decoded or self._decode(recogniser, ahead=False)
                return _Utterance(decoded.transcript, decoded.hear_again, started_at, voice_ended_at, now,
                                  max(now, decoded.at))
            if event is Segment.DISCARDED:
                if decoded is None:
                    recogniser.finish()
                decoded = None
                self._captions.status("(A short sound, not taken as speech.)")
                waited = 0.0
            if decoded is None and segmenter.in_speech and feed.holding:
                decoded = self._decode(recogniser, ahead=True)
            if waited >= self.settings.reprompt_after and not segmenter.hearing_something:
                return None

    def _decode(self, recogniser: Recogniser, ahead: bool) -> _Decoded:
        """Finish decoding. ahead: the recogniser has all of the utterance, but the segmenter
        waits to be sure that the speaker has finished (the end-of-speech silence); the time
        is used to finish, and to hear it again if the conversation will want that, so that
        neither adds to the wait after it (bench/live_latency.py)."""
        transcript = recogniser.finish()
        if not (ahead and self.conversation.would_hear_again(transcript)):
            return _Decoded(transcript, recogniser.hear_again, time.monotonic())
        again = recogniser.hear_again()

        def heard_again() -> Transcript | None:
            return again

        return _Decoded(transcript, heard_again, time.monotonic())

    def _feed(self, frame: bytes, segmenter: Segmenter, recogniser: Recogniser, feed: RecogniserFeed,
              before_more: Callable[[], None] = lambda: None) -> tuple[Segment | None, bool, list[bytes]]:
        """One frame: when speech starts, the recogniser gets the pre-roll first (the "s" of
        "stop" is quiet), then the frames RecogniserFeed gives it until the end. before_more
        is called before each later frame it gets (to resume one that was finished early).
        Returns the segmenter's event, the frame's speech decision and the frames heard."""
        is_speech = self._vad.is_speech(frame)
        event = segmenter.process(is_speech)
        if event is Segment.STARTED:
            recogniser.start()
        frames = feed.take(frame, is_speech, event, segmenter.in_speech)
        if frames and event is not Segment.STARTED:
            before_more()
        for heard in frames:
            recogniser.accept(self._for_recogniser(heard))
        return event, is_speech, frames

    # -- speaking -----------------------------------------------------------------------

    def _pieces(self, reply: Reply) -> Iterator[Piece]:
        rate = self._synth.rate
        for index, part in enumerate(reply.parts):
            if index:
                yield Piece(silence(rate, _PART_PAUSE))
            for sentence, audio in self._synth.sentence_audio(part):
                yield Piece(audio, index, sentence)
        if self.settings.earcons and reply.earcon is not None:
            yield Piece(earcon(reply.earcon, rate, reply.volume))
        if self.settings.earcons and not reply.end:
            yield Piece(silence(rate, 0.15))
            yield Piece(earcon(Earcon.LISTENING, rate, reply.volume))

    def _speak(self, reply: Reply) -> Playback:
        if reply.parts:
            self._captions.show("Saying", reply.text)
        voice = self._synth.voice
        if (voice.rate, voice.volume) != (reply.rate, reply.volume):
            self._synth.set_voice(replace(voice, rate=reply.rate, volume=reply.volume))
        self._mic.flush()
        playback = self._play(self._pieces(reply), self._synth.rate, self._speaker)
        stopped = self._listeners.barge_in is not None and bool(reply.parts) \
            and self._stopped_by_listener(reply, playback)
        playback.wait(self._watchdog.alive)
        if stopped and self.settings.earcons:  # the cut-off reply never reached its chime
            self._play(iter([Piece(earcon(Earcon.LISTENING, self._synth.rate, reply.volume))]),
                       self._synth.rate, self._speaker).wait(self._watchdog.alive)
        time.sleep(_ECHO_GUARD)
        if not self._carried:  # else the microphone holds the rest of what they are saying
            self._mic.flush()
        self._spoke_until = time.monotonic()
        return playback

    def _stopped_by_listener(self, reply: Reply, playback: Playback) -> bool:
        """Listen while it speaks; stop and return True when the listener says "stop"."""
        recogniser = self._listeners.barge_in
        segmenter = Segmenter(_BARGE_IN)
        feed = RecogniserFeed()
        spoken: list[bytes] = []  # the frames of the utterance under way, pre-roll included
        while not playback.done.is_set():
            self._watchdog.alive()
            frame = self._mic.read(timeout=0.1)
            if frame is None:
                continue
            event, _, heard = self._feed(frame, segmenter, recogniser, feed)
            if event is Segment.STARTED:
                spoken = heard
            elif segmenter.in_speech:
                spoken.append(frame)
            if event in (Segment.ENDED, Segment.TOO_LONG, Segment.DISCARDED):
                said = recogniser.finish().text
                heard = self.conversation.commands.parse(said) if event is Segment.ENDED else None
                # Its own voice saying "do not stop taking it" must not stop it.
                if heard is not None and heard.command in BARGE_IN \
                        and not _key_words(said) & _key_words(playback.lately_said):
                    self.conversation.interrupted(reply, playback.parts_heard, playback.now_saying)
                    playback.stop()
                    self._captions.show("Stopped by", said)
                    return True
        if segmenter.in_speech:  # still speaking as the reply ended: the start of a question
            recogniser.finish()
            self._carried = spoken
        return False
