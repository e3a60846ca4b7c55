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
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from enum import Enum

import numpy as np

from voiceinfo.audio.earcons import earcon, silence
from voiceinfo.audio.microphone import Microphone
from voiceinfo.audio.playback import AudioUnavailable, Piece, Playback
from voiceinfo.audio.recordings import with_noise_floor
from voiceinfo.audio.segmenter import (
    FRAME_SECONDS,
    Endpointing,
    RecogniserFeed,
    Segment,
    Segmenter,
    VoiceActivity,
)
from voiceinfo.audio.speaker_process import start_playing
from voiceinfo.caregiver.sd_notify import Notifier
from voiceinfo.conversation import Conversation, Reading
from voiceinfo.events import Earcon, Reply, Transcript, TurnTiming, Utterance
from voiceinfo.hearing.recogniser import Recogniser
from voiceinfo.loop.barge_in import BARGE_IN, its_own_words
from voiceinfo.loop.captions import Captions
from voiceinfo.loop.out_of_order import SENTENCE, OutOfOrder
from voiceinfo.speaking.synthesiser import SentenceBySentence

# Pause between the parts of a reply (the items of a list read out).
_PART_PAUSE = 0.5
# After speaking, the room still echoes for a moment: that is not the listener.
_ECHO_GUARD = 0.15

log = logging.getLogger(__name__)


class LoopState(Enum):
    LISTENING = "listening"
    UNDERSTANDING = "understanding"
    SPEAKING = "speaking"
    STOPPED = "stopped"


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
class _Decoded:
    """An utterance decoded and interpreted: perhaps early, in a pause that may be its end."""

    transcript: Transcript
    reading: Reading
    again: Transcript | None  # the second hearing, when the conversation wanted one
    finished_at: float  # when the recogniser had finished
    understanding: float  # seconds interpreting it
    hearing_again: float  # seconds hearing it again
    at: float  # when all of that was done


@dataclass
class _Utterance:
    decoded: _Decoded
    started_at: float
    voice_ended_at: float
    ended_at: float


class LiveLoop:
    def __init__(self, conversation: Conversation, listeners: Listeners, synthesiser: SentenceBySentence,
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
        self.state = LoopState.LISTENING
        self._stopping = threading.Event()

    def stop(self) -> None:
        """End the loop from another thread: it stops within a frame, and run() returns 0."""
        self._stopping.set()

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
            greeting = self.conversation.greeting(questions.spoken_name)
            if self._synth.notice:  # not the voice chosen: the listener should know, and tell someone
                greeting = replace(greeting, parts=(self._synth.notice, *greeting.parts))
            self._speak(greeting)
        while not self._stopping.is_set():
            try:
                if self._turn():
                    break
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
        self.state = LoopState.STOPPED
        return 0

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
        """Listen for one utterance and do what the conversation replies; True when it has ended."""
        utterance = self._listen()
        if self._stopping.is_set():
            return True
        if utterance is None:
            reply = self.conversation.no_input()
            if reply is not None:
                self._carry_out(reply)
            return False
        decoded = utterance.decoded
        self._captions.show("Heard", decoded.transcript.text or "(nothing I could make out)")
        if decoded.again is not None:
            self._captions.show("Heard again", decoded.again.text or "(nothing I could make out)")
        started = time.monotonic()
        reply = self.conversation.respond(decoded.reading)
        if notice := decoded.transcript.notice:  # about the hearing: said first, even when nothing else is
            voice = self._synth.voice
            reply = replace(reply, parts=(notice, *reply.parts)) if reply else Reply((notice,), voice.rate,
                                                                                     voice.volume)
        if reply is None:
            return False
        answered = time.monotonic()
        playback = self._carry_out(reply)
        if self._on_turn is not None:  # a reply with no sound (no chimes, "stop") is a turn too
            ahead = decoded.at <= utterance.ended_at  # worked out in the silence it waited anyway
            self._on_turn(TurnTiming(
                decoded.transcript.text, reply.section,
                end_of_speech_wait=utterance.ended_at - utterance.voice_ended_at,
                recognition=max(0.0, decoded.finished_at - utterance.ended_at),
                answering=answered - started + (0.0 if ahead else decoded.understanding),
                synthesis_to_first_audio=((playback.first_audio_at if playback else None) or answered) - answered,
                hearing_again=0.0 if ahead else decoded.hearing_again))
        return reply.end

    def _carry_out(self, reply: Reply) -> Playback | None:
        """What the conversation asked for: hear the next voice afresh, and say the reply."""
        if reply.new_speaker:
            # The next voice may be someone else's: the question recogniser stops relying on what
            # it learnt of the last one. (The wake recogniser is also the barge-in one, whose next
            # utterance is most often voiceinfo's own voice.)
            self._listeners.questions.new_speaker()
        if reply.new_speaker and not reply.parts:
            return None
        return self._speak(reply)

    # -- listening --------------------------------------------------------------------

    def _listen(self) -> _Utterance | None:
        """The next utterance, or None after reprompt_after seconds without speech."""
        self.state = LoopState.LISTENING
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
        while not self._stopping.is_set():
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
                decoded = decoded or self._decode(recogniser, started_at)
                return _Utterance(decoded, started_at, voice_ended_at, now)
            if event is Segment.DISCARDED:
                if decoded is None:
                    recogniser.finish()
                decoded = None
                self._captions.status("(A short sound, not taken as speech.)")
                waited = 0.0
            if decoded is None and segmenter.in_speech and feed.holding:
                decoded = self._decode(recogniser, started_at)
            if waited >= self.settings.reprompt_after and not segmenter.hearing_something:
                return None
        return None

    def _decode(self, recogniser: Recogniser, started_at: float) -> _Decoded:
        """Finish decoding, work out what it means, and hear it again if the conversation is
        unsure of it. Done as soon as the recogniser has all of the utterance, while the
        segmenter waits to be sure that the speaker has finished (the end-of-speech silence),
        so that none of it adds to the wait after it (bench/live_latency.py); dropped if they
        go on."""
        self.state = LoopState.UNDERSTANDING
        transcript = recogniser.finish()
        finished = time.monotonic()
        reading = self.conversation.interpret(Utterance(transcript, started_at - self._spoke_until))
        understanding, again, hearing_again = time.monotonic() - finished, None, 0.0
        if reading.hear_again:
            before = time.monotonic()
            again = recogniser.hear_again()
            after = time.monotonic()
            reading = self.conversation.interpret_again(reading, again)
            hearing_again, understanding = after - before, understanding + time.monotonic() - after
        self._prepare(reading)
        self.state = LoopState.LISTENING
        return _Decoded(transcript, reading, again, finished, understanding, hearing_again, time.monotonic())

    def _prepare(self, reading: Reading) -> None:
        """Start making the sound of the reply's first sentence, in the silence it waits anyway:
        a neural voice takes 0.1 to 0.5 s a sentence (bench/live_latency.py)."""
        try:
            reply = self.conversation.foresee(reading)
        except Exception:  # only a head start: respond, in its turn, meets the same error
            log.debug("cannot foresee the reply", exc_info=True)
            return
        voice = self._synth.voice
        if reply is not None and reply.parts and (reply.rate, reply.volume) == (voice.rate, voice.volume):
            self._synth.prepare(reply.parts[0])

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
        self.state = LoopState.SPEAKING
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
        segmenter = Segmenter(BARGE_IN)
        feed = RecogniserFeed()
        spoken: list[bytes] = []  # the frames of the utterance under way, pre-roll included
        # Speech that ran on past the longest command and was cut there: what follows without a
        # pause is its tail ("...baclofen sud" | "denly", heard as "wait"), not a command.
        tail = False
        while not playback.done.is_set():
            self._watchdog.alive()
            frame = self._mic.read(timeout=0.1)
            if frame is None:
                continue
            event, is_speech, heard = self._feed(frame, segmenter, recogniser, feed)
            if event is Segment.STARTED:
                spoken = heard
            elif segmenter.in_speech:
                spoken.append(frame)
            elif event is None and not is_speech:
                tail = False
            if event in (Segment.ENDED, Segment.TOO_LONG, Segment.DISCARDED):
                said = recogniser.finish().text
                was_tail, tail = tail, event is Segment.TOO_LONG
                if event is Segment.ENDED and not was_tail and self.conversation.stops(said) \
                        and not its_own_words(said, playback.lately_said):
                    self.conversation.interrupted(reply, playback.parts_heard, playback.now_saying)
                    playback.stop()
                    self._captions.show("Stopped by", said)
                    return True
        if segmenter.in_speech:  # still speaking as the reply ended: the start of a question
            recogniser.finish()
            self._carried = spoken
        return False
