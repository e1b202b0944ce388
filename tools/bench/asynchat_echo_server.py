"""The multi-connection echo server on CPython's stdlib asynchat, unmodified.

The same protocol and handler logic as the reference's echo_server_multi
(reference/examples/multi_echo.h): PyMOTW's EchoHandler ([pymotw-asynchat]), "ECHO <len>\\n"
then an integer terminator for the data, which is pushed back; after each
echo the handler returns to command mode instead of closing. Buffer sizes
(ac_in_buffer_size and ac_out_buffer_size) are CPython 3.11's defaults
(65536) unless --buffer-size says otherwise, as echo_server_multi's option
does. Prints "port N" and serves until killed.

usage: python3 asynchat_echo_server.py [--host H] [--port P] [--backend select|poll] [--buffer-size N]
"""
import argparse
import socket
import sys
import warnings

with warnings.catch_warnings():
    # asynchat and asyncore are deprecated in 3.11 (removed in 3.12); they
    # are exactly what this server measures.
    warnings.simplefilter("ignore", DeprecationWarning)
    import asynchat
    import asyncore

MAX_COMMAND = 64
MAX_MESSAGE = 1 << 20
ACCEPT_BATCH = 64  # as the reference server: accept what is waiting, up to 64


class EchoHandler(asynchat.async_chat):
    buffer_size = 65536

    def __init__(self, sock, map):
        asynchat.async_chat.__init__(self, sock, map=map)
        self.ac_in_buffer_size = self.ac_out_buffer_size = EchoHandler.buffer_size
        self.received_data = []
        self.command_mode = True
        self.set_terminator(b"\n")

    def collect_incoming_data(self, data):
        self.received_data.append(data)
        if self.command_mode and sum(map(len, self.received_data)) > MAX_COMMAND:
            self.abort("command longer than %d bytes" % MAX_COMMAND)

    def found_terminator(self):
        data = b"".join(self.received_data)
        self.received_data = []
        if self.command_mode:
            try:
                verb, arg = data.strip().split(b" ")
                length = int(arg)
                if verb != b"ECHO" or not arg.isdigit() or length > MAX_MESSAGE:
                    raise ValueError
            except ValueError:
                self.abort("bad command %r" % data)
                return
            if length == 0:
                return  # the empty message: nothing to send
            self.command_mode = False
            self.set_terminator(length)
        else:
            self.command_mode = True
            self.set_terminator(b"\n")
            self.push(data)

    def abort(self, why):
        sys.stderr.write("%r: %s, closing\n" % (self, why))
        self.discard_buffers()
        self.close()


class EchoServer(asyncore.dispatcher):
    def __init__(self, address, map):
        asyncore.dispatcher.__init__(self, map=map)
        self.create_socket(socket.AF_INET6 if ":" in address[0] else socket.AF_INET, socket.SOCK_STREAM)
        self.set_reuse_addr()
        self.bind(address)
        self.listen(1024)
        self.map = map

    def handle_accept(self):
        for _ in range(ACCEPT_BATCH):
            pair = self.accept()
            if pair is None:
                return
            EchoHandler(pair[0], self.map)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--backend", choices=["select", "poll"], default="poll")
    parser.add_argument("--buffer-size", type=int, default=65536,
                        help="ac_in_buffer_size and ac_out_buffer_size (default: %(default)s)")
    args = parser.parse_args()
    if args.buffer_size < 1:
        parser.error("--buffer-size must be at least 1, got %d" % args.buffer_size)
    EchoHandler.buffer_size = args.buffer_size
    channels = {}
    server = EchoServer((args.host, args.port), channels)
    print("listening on %s (%s, CPython %s asynchat)" % (server.socket.getsockname()[:2], args.backend,
                                                        sys.version.split()[0]))
    print("port", server.socket.getsockname()[1], flush=True)
    asyncore.loop(timeout=30.0, use_poll=args.backend == "poll", map=channels)


if __name__ == "__main__":
    main()
