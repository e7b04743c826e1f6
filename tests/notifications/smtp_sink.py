"""A tiny SMTP server for the fault tests: records each message it accepts, can be stopped and
started on the same port, and can hold a message at the end of DATA (before answering) so a test
can kill the sending worker at that moment."""

import email
import email.policy
import socket
import socketserver
import threading
from collections import Counter


class _Handler(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self):
        sink: SmtpSink = self.server.sink
        threading.current_thread().smtp_socket = self.connection
        self.reply("220 sink ESMTP")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            command = line.decode(errors="replace").strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self.reply("250 sink")
            elif command.startswith(("MAIL", "RCPT", "RSET", "NOOP")):
                self.reply("250 ok")
            elif command == "DATA":
                self.reply("354 end with .")
                data = []
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data.append(chunk[1:] if chunk.startswith(b"..") else chunk)
                if not sink.hold_here():
                    return  # the client is gone: nothing was accepted
                sink.accept(b"".join(data))
                self.reply("250 queued")
            elif command == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 not implemented")


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


class SmtpSink:
    def __init__(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.subjects: list[str] = []
        self._lock = threading.Lock()
        self._server = None
        self.hold_at: int | None = None  # hold the message that arrives after this many
        self.holding = threading.Event()
        self.release = threading.Event()

    # --- up and down -----------------------------------------------------------------------
    def start(self):
        self._server = _Server(("127.0.0.1", self.port), _Handler)
        self._server.sink = self
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    @property
    def running(self) -> bool:
        return self._server is not None

    def stop(self):
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    # --- messages ----------------------------------------------------------------------------
    def accept(self, raw: bytes) -> None:
        message = email.message_from_bytes(raw, policy=email.policy.default)
        with self._lock:
            self.subjects.append(str(message["Subject"]))

    def counts(self) -> Counter:
        with self._lock:
            return Counter(self.subjects)

    def hold_here(self) -> bool:
        """At the end of DATA: if asked, hold this message until released, then accept it only
        if the client is still connected (a killed worker's socket is closed by the kernel)."""
        with self._lock:
            if self.hold_at is None or len(self.subjects) != self.hold_at:
                return True
            self.hold_at = None
        self.holding.set()
        self.release.wait(timeout=20)
        return _still_connected(threading.current_thread().smtp_socket)


def _still_connected(sock) -> bool:
    try:
        return sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) != b""
    except BlockingIOError:
        return True
    except OSError:
        return False
