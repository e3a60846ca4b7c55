"""`voiceinfo ask`: one question, typed or recorded, answered in print and aloud."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from voiceinfo.cli.options import speech_options
from voiceinfo.config import Config
from voiceinfo.loop.assembly import content_file, device, model_folder
from voiceinfo.speaking.synthesiser import SpeechUnavailable
from voiceinfo.speaking.voice import Voice
from voiceinfo.speaking.voices import open_synthesiser
from voiceinfo.understanding.answering import Answer, Answerer
from voiceinfo.understanding.content import load
from voiceinfo.understanding.lexicon import default_lexicon

if TYPE_CHECKING:
    import numpy as np


def add_parser(commands: argparse._SubParsersAction) -> None:
    ask = commands.add_parser(
        "ask", help="answer one question, printed and spoken",
        description="Answer a question from the monograph, print the answer and speak it. "
                    "With no QUESTION, answers each line of standard input (without speaking).")
    ask.add_argument("question", nargs="?", help='the question, e.g. "what are the side effects?"')
    ask.add_argument("--json", action="store_true",
                     help="print a JSON object per answer (question, section, item, text, flags)")
    ask.add_argument("--no-speak", action="store_true", help="only print the answer")
    ask.add_argument("--out", type=Path, metavar="WAV",
                     help="write the spoken answer to this WAV file instead of playing it")
    ask.add_argument("--audio", type=Path, metavar="WAV",
                     help="recognise the question from a WAV recording (8-48 kHz, mono or stereo)")
    ask.add_argument("--open", action="store_true",
                     help="recognise any words, not only what the content can answer")
    speech_options(ask)


def run(args: argparse.Namespace, config: Config) -> int:
    if args.question is not None and (args.audio is not None or not args.question.strip()):
        problem = "give a question or --audio WAV, not both" if args.audio else "the question is empty"
        print(f'voiceinfo ask: {problem}; for example: voiceinfo ask "what are the side effects?"',
              file=sys.stderr)
        return 2
    answerer = Answerer(load(content_file(config)), default_lexicon())
    if args.audio is not None:
        return _ask_audio(args, config, answerer)
    if args.question is None:
        if sys.stdin.isatty():  # typed by hand: say what it waits for
            print("Type a question and press Enter; Ctrl+D ends.", file=sys.stderr)
        for line in sys.stdin:
            question = line.strip()
            if question:
                answer = answerer.answer(question)
                print(_answer_json(answer) if args.json else answer.text, flush=True)
        return 0
    answer = answerer.answer(args.question)
    print(_answer_json(answer) if args.json else answer.text, flush=True)
    if args.out is not None or not (args.no_speak or args.json):
        return _speak(answer.text, args, config, answerer.monograph.say_as)
    return 0


def _ask_audio(args: argparse.Namespace, config: Config, answerer: Answerer) -> int:
    """Recognise a recorded question, then answer what was heard."""
    from voiceinfo.audio.recordings import AudioFileError, read_wav
    from voiceinfo.hearing.engines import choose_recogniser
    from voiceinfo.hearing.recogniser import transcribe_speech

    choice = choose_recogniser(answerer.monograph, model_folder(config), args.open)
    recogniser = choice.recogniser
    for notice in choice.notices:
        print(notice, file=sys.stderr)
    print(f"Listening with {recogniser.description}.", file=sys.stderr)
    try:
        samples = read_wav(args.audio)
        transcript = transcribe_speech(recogniser, samples)
        heard = transcript.text
        problem = "" if heard else _not_heard(samples)
    except AudioFileError as err:
        heard, problem = "", f"I could not use that recording: {err}"
    if problem:
        if args.json:
            print(json.dumps({"question": "", "heard": "", "engine": recogniser.description,
                              "section": None, "text": problem, "error": problem}, ensure_ascii=False))
        else:
            print(problem)
        return 1
    answer = answerer.answer(heard, transcript.alternatives)
    if args.json:
        confidence = answerer.confidence(answer, transcript.confidence, transcript.alternatives)
        print(_answer_json(answer, heard=heard, engine=recogniser.description,
                           confidence=round(confidence, 2)), flush=True)
        return 0 if args.out is None else _speak(answer.text, args, config, answerer.monograph.say_as)
    print(f"Heard: {heard}\n{answer.text}", flush=True)
    return 0 if args.no_speak else _speak(answer.text, args, config, answerer.monograph.say_as)


def _answer_json(answer: Answer, **extra: str | float) -> str:
    return json.dumps({
        **extra,
        "question": answer.question,
        "section": answer.section,
        "item": answer.item,
        "text": answer.text,
        "out_of_scope": answer.out_of_scope,
        "urgent": answer.urgent,
    }, ensure_ascii=False)


# Every voice here plays at 16 or 22.05 kHz; the voice's own rate is checked as it plays.
ANY_VOICES_RATE = 16000


def _speak(text: str, args: argparse.Namespace, config: Config, say_as: tuple[tuple[str, str], ...]) -> int:
    """Speak text on the speaker, or into --out; a missing speaker is a notice only."""
    from voiceinfo.audio.playback import AudioUnavailable, check_speaker, play
    from voiceinfo.speaking.synthesiser import write_wav

    voice = config.voice
    try:
        if args.out is None:  # before loading a voice for nothing (Piper's takes a second)
            check_speaker(device(config.audio.output_device), ANY_VOICES_RATE)
        synthesiser = open_synthesiser(Voice(voice.name, voice.rate, voice.volume))
        if synthesiser.why:
            print(f"({synthesiser.why})", file=sys.stderr)
        synthesiser.say_as = say_as
        chunks = synthesiser.speak_sentences(text)
        if args.out is None:
            play(chunks, device(config.audio.output_device))
            return 0
        seconds = write_wav(str(args.out), chunks)
        print(f"(The spoken answer, {seconds:.1f} seconds, is in {args.out}.)", file=sys.stderr)
    except (AudioUnavailable, SpeechUnavailable) as err:
        print(f"(Not spoken: {err}. The answer is printed above.)", file=sys.stderr)
    except OSError as err:
        print(f"voiceinfo: cannot write {args.out}: {err.strerror or err}", file=sys.stderr)
        return 1
    return 0


def _not_heard(samples: np.ndarray) -> str:
    """Why no question came out of a recording, and what to do about it when something can be done."""
    from voiceinfo.audio.speech_level import level_report

    if level_report(samples) == "too quiet":
        return ("I did not hear a question in that recording. It is very quiet: "
                "record closer to the microphone, or turn its level up.")
    return "I did not hear a question in that recording."
