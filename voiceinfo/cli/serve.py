"""`voiceinfo serve`: answers, transcripts and speech over the Wyoming protocol (Home Assistant)."""

from __future__ import annotations

import argparse
import asyncio
import socket
import sys

from voiceinfo.cli import install as install_unit
from voiceinfo.cli.options import settings, speech_options
from voiceinfo.config import Config
from voiceinfo.errors import VoiceinfoError
from voiceinfo.protocol import EXAMPLE_URI as DEFAULT_URI
from voiceinfo.protocol import tcp_address

FORGET_AFTER = 300.0
ANNOUNCED_AS = f"voiceinfo-{socket.gethostname().split('.')[0]}"
# Recognisers kept for transcribe requests: one per core here; more clients wait their turn.
RECOGNISERS = 2


class BadAddress(VoiceinfoError):
    problem = "address"


def add_parser(commands: argparse._SubParsersAction) -> None:
    serve = commands.add_parser(
        "serve", help="serve answers, speech recognition and voices over the Wyoming protocol",
        description="A Wyoming service for Home Assistant's Assist and its voice satellites: "
                    "answers from the monograph (a conversation agent), the speech recogniser and "
                    "the voices. In Home Assistant add the Wyoming Protocol integration with this "
                    "machine's address and the port. Nothing is sent anywhere (but the announcement, with "
                    "--zeroconf); it answers whoever "
                    "connects, so serve on a network you trust.")
    _service_options(serve, uri=DEFAULT_URI, forget_after=FORGET_AFTER, zeroconf=None)
    speech_options(serve)
    install = install_unit.add_parser(
        serve.add_subparsers(dest="serve_command", metavar="ACTION"), "serve",
        "Write a systemd unit that starts 'voiceinfo serve' at boot, once the network is up, "
        "and restarts it whenever it stops. The voice, content and model come from the settings file.")
    # Either side of "install":
    _service_options(install, uri=argparse.SUPPRESS, forget_after=argparse.SUPPRESS, zeroconf=argparse.SUPPRESS)


def _service_options(parser: argparse.ArgumentParser, uri: str, forget_after: float | str,
                     zeroconf: str | None) -> None:
    parser.add_argument("--uri", default=uri, metavar="tcp://HOST:PORT",
                        help=f"where to listen (default: {DEFAULT_URI}; tcp://127.0.0.1:PORT for this machine only)")
    parser.add_argument("--forget-after", type=_seconds, default=forget_after, metavar="SECONDS",
                        help="how long a conversation's place is kept after its last question, for "
                             f"'tell me more' and 'next' (default: {FORGET_AFTER:g})")
    parser.add_argument("--zeroconf", nargs="?", const=ANNOUNCED_AS, default=zeroconf, metavar="NAME",
                        help="announce it on the local network (mDNS), so that Home Assistant finds it by "
                             f"itself, as NAME (default: {ANNOUNCED_AS}); off unless given")


def _seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds < float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds above 0, e.g. 300")
    return seconds


def run(args: argparse.Namespace) -> int:
    try:
        host, port = tcp_address(args.uri)
    except ValueError as err:
        raise BadAddress(str(err)) from None
    if args.serve_command == "install":
        announced = ("--zeroconf", args.zeroconf) if args.zeroconf else ()
        return install_unit.run(args, "serve", ("--uri", args.uri, "--forget-after", f"{args.forget_after:g}",
                                                *announced))
    return _serve(host, port, args, settings(args))


def _serve(host: str, port: int, args: argparse.Namespace, config: Config) -> int:
    from voiceinfo.caregiver.sd_notify import Notifier
    from voiceinfo.conversation.dialogue import SpeechBounds
    from voiceinfo.hearing.engines import choose_recogniser
    from voiceinfo.loop.assembly import content_file, model_folder
    from voiceinfo.protocol.announce import Announcement
    from voiceinfo.protocol.wyoming_server import Services, serve
    from voiceinfo.speaking.voice import Voice
    from voiceinfo.speaking.voices import listing, open_synthesiser
    from voiceinfo.understanding.answering import Answerer
    from voiceinfo.understanding.content import load
    from voiceinfo.understanding.lexicon import default_lexicon

    monograph = load(content_file(config))
    answerer = Answerer(monograph, default_lexicon())
    answerer.prepare()
    choices = [choose_recogniser(monograph, model_folder(config)) for _ in range(RECOGNISERS)]
    for notice in choices[0].notices:
        print(notice, file=sys.stderr)
    voice = config.voice
    services = Services(answerer, [c.recogniser for c in choices], open_synthesiser, listing(),
                        Voice(voice.name, voice.rate, voice.volume),
                        SpeechBounds(min_rate=voice.min_rate, max_rate=voice.max_rate,
                                     min_volume=voice.min_volume, max_volume=voice.max_volume),
                        forget_after=args.forget_after)
    services.synthesiser(None)  # the voice loaded now, not in the first request

    notifier = Notifier()

    def ready(where: str) -> None:
        notifier.ready()
        print(f"Serving answers about {monograph.drug}, speech recognition ({choices[0].recogniser.description}) "
              f"and voices over Wyoming on {where}.", flush=True)

    try:
        announcement = Announcement(args.zeroconf, host) if args.zeroconf else None
        asyncio.run(serve(services, host, port, ready, notifier.alive, announcement))
    except OSError as err:
        print(f"voiceinfo: cannot listen on {args.uri}: {err.strerror or err}", file=sys.stderr)
        return 1
    return 0
