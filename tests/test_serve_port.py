"""`charters serve` on a port another program holds: one clear sentence, no traceback."""

from __future__ import annotations

import socket
from pathlib import Path

from conftest import run


def test_a_busy_port_is_said_in_one_sentence_with_the_option_to_use(tmp_path: Path) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        result = run("serve", "--port", str(port), cwd=tmp_path)
    assert result.exit_code == 1
    assert f"port {port} on 127.0.0.1 is already in use" in result.output
    assert f"--port {port + 1}" in result.output
    assert "Traceback" not in result.output and "Serving on" not in result.output
