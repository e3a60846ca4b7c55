"""`voiceinfo` with no command: the hands-free loop on the microphone and speaker."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict

from voiceinfo.audio.echo_cancel import EchoCancel, EchoCancelUnavailable
from voiceinfo.config import Config
from voiceinfo.loop.assembly import Parts, build, device
from voiceinfo.paths import PROGRAM


def run(args: argparse.Namespace, config: Config) -> int:
    """The hands-free loop on the microphone and speaker."""
    parts = build(config, args.open)
    for notice in parts.notices:
        print(notice, file=sys.stderr)
    echo = EchoCancel() if config.audio.echo_cancel else None
    try:
        if echo:
            try:
                echo.ensure()  # with no sound server, opening the microphone says what is wrong
            except EchoCancelUnavailable as err:
                print(f"voiceinfo: carrying on without echo cancellation: {err}.", file=sys.stderr)
        return _listen(args, config, parts)
    finally:
        if echo:
            echo.close()


def _listen(args: argparse.Namespace, config: Config, parts: Parts) -> int:
    from voiceinfo.audio.microphone import Microphone
    from voiceinfo.audio.playback import AudioUnavailable
    from voiceinfo.events import TurnTiming
    from voiceinfo.loop.captions import Captions
    from voiceinfo.loop.live import LiveLoop

    def report(turn: TurnTiming) -> None:
        print(json.dumps({**asdict(turn), "beyond_silence": turn.beyond_silence}), file=sys.stderr,
              flush=True)

    try:
        microphone = Microphone(device(config.audio.input_device))
    except AudioUnavailable as err:
        print(f"voiceinfo: cannot start listening: {err}. Check that a microphone and speaker are "
              f"connected and the sound server is running ('{PROGRAM} doctor' checks).", file=sys.stderr)
        return 1
    loop = LiveLoop(parts.dialogue, parts.listeners, parts.synthesiser, microphone,
                    device(config.audio.output_device), parts.settings, Captions(args.captions),
                    report if args.timings else None)
    try:
        return loop.run()
    except AudioUnavailable as err:
        print(f"voiceinfo: {err}. Check the microphone and speaker, then start voiceinfo again "
              f"('{PROGRAM} kiosk' waits for them instead).", file=sys.stderr)
        return 1
    finally:
        microphone.close()
