"""`voiceinfo serve --zeroconf`: announce the service on the local network (mDNS, `_wyoming._tcp`),
as Home Assistant discovers Wyoming services, and withdraw it when the service stops.

Only when asked: an announcement is sent to every machine on the network."""

from __future__ import annotations

import ipaddress
import logging
import socket

from zeroconf import NonUniqueNameException
from zeroconf.asyncio import AsyncServiceInfo, AsyncZeroconf

log = logging.getLogger(__name__)

SERVICE_TYPE = "_wyoming._tcp.local."
_MDNS_GROUP = "224.0.0.251"


class AnnouncementFailed(Exception):
    """The network would not take the announcement (no multicast, or the name is taken)."""


def _own_address() -> str:
    """The address other machines reach this one at: the one it would send multicast from."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect((_MDNS_GROUP, 5353))  # no packet is sent: this only picks the route
        return probe.getsockname()[0]


class Announcement:
    def __init__(self, name: str, host: str) -> None:
        self.name, self._host = name, host
        self._zeroconf: AsyncZeroconf | None = None

    def _address(self) -> str:
        try:
            listening = ipaddress.ip_address(self._host)
        except ValueError:  # a host name
            listening = None
        # Listening on every address (0.0.0.0), only this machine's, or by name: announce the network's.
        if isinstance(listening, ipaddress.IPv4Address) and not (listening.is_unspecified or listening.is_loopback):
            return self._host
        return _own_address()

    async def start(self, port: int) -> None:
        """Announce the service listening on port."""
        try:
            info = AsyncServiceInfo(SERVICE_TYPE, f"{self.name}.{SERVICE_TYPE}", port=port,
                                    addresses=[socket.inet_aton(self._address())])
            self._zeroconf = AsyncZeroconf()
            await self._zeroconf.async_register_service(info)
        except NonUniqueNameException:
            await self.stop()
            raise AnnouncementFailed(f"another service on the network is already called {self.name!r}: "
                                     "choose another name with --zeroconf NAME") from None
        except OSError as err:
            await self.stop()
            raise AnnouncementFailed(f"the network would not take it: {err.strerror or err}") from err

    async def stop(self) -> None:
        if self._zeroconf is not None:
            zeroconf, self._zeroconf = self._zeroconf, None
            await zeroconf.async_unregister_all_services()
            await zeroconf.async_close()
