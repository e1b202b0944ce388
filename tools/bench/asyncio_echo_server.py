"""The multi-connection echo server on asyncio streams (CPython stdlib).

The same protocol as the reference's echo_server_multi: "ECHO <len>\\n" read
with readuntil(b"\\n"), the data with readexactly(len), written back, then
await drain() (the usual flow control). Prints "port N" and serves until
killed.

usage: python3 asyncio_echo_server.py [--host H] [--port P]
"""
import argparse
import asyncio
import sys

MAX_COMMAND = 64
MAX_MESSAGE = 1 << 20


async def handle(reader, writer):
    try:
        while True:
            line = await reader.readuntil(b"\n")
            try:
                if len(line) > MAX_COMMAND:
                    raise ValueError
                verb, arg = line.strip().split(b" ")
                length = int(arg)
                if verb != b"ECHO" or not arg.isdigit() or length > MAX_MESSAGE:
                    raise ValueError
            except ValueError:
                sys.stderr.write("bad command %r, closing\n" % line[:MAX_COMMAND])
                return
            if length:
                writer.write(await reader.readexactly(length))
                await writer.drain()
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
        pass
    finally:
        writer.close()


async def serve(host, port):
    server = await asyncio.start_server(handle, host, port, backlog=1024)
    sock = server.sockets[0]
    print("listening on %s (asyncio streams, CPython %s)" % (sock.getsockname()[:2], sys.version.split()[0]))
    print("port", sock.getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    asyncio.run(serve(args.host, args.port))


if __name__ == "__main__":
    main()
