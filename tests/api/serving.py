"""The real server in a thread, as `cablegraph serve` configures it: for tests that need the wire, not the app."""

import contextlib
import socket
import threading
import time
from collections.abc import Iterator

from cablegraph.api.settings import Settings


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def serving(settings: Settings, parser: str = "httptools") -> Iterator[str]:
    """The real server, as `cablegraph serve` configures it (uvicorn with our wire limits, on either
    HTTP parser), on a free 127.0.0.1 port, in a thread."""
    import uvicorn
    from uvicorn.protocols.http.h11_impl import H11Protocol
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    from cablegraph.api.server import uvicorn_config

    base = {"httptools": HttpToolsProtocol, "h11": H11Protocol}[parser]
    settings = settings.model_copy(update={"host": "127.0.0.1", "port": free_port()})
    config = uvicorn_config(settings, base=base)
    config.log_level = "warning"
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(600):
        if server.started:
            break
        time.sleep(0.1)
    try:
        yield f"http://127.0.0.1:{settings.port}"
    finally:
        server.should_exit = True
        thread.join(10)
