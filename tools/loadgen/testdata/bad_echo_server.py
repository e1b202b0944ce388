"""An echo server for loadgen's tests, right or wrong on purpose.

usage: bad_echo_server.py MODE   (prints "port N", serves until killed)
  good   echoes every message exactly
  flip   flips a bit of byte 5 in the 3rd message of each connection
  close  closes each connection half-way through the echo of its 3rd message
  stall  never answers the 3rd message of each connection
  slow   answers the 1st message of each connection after 1 second
Threads, one per connection; 127.0.0.1 only.
"""
import socket
import sys
import threading
import time


def read_exactly(conn, n):
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def read_line(conn):
    line = b""
    while not line.endswith(b"\n"):
        chunk = conn.recv(1)
        if not chunk:
            return None
        line += chunk
    return line


def serve(conn, mode):
    with conn:
        count = 0
        while True:
            line = read_line(conn)
            if line is None:
                return
            verb, length = line.split()
            assert verb == b"ECHO"
            data = read_exactly(conn, int(length))
            if data is None:
                return
            count += 1
            if count == 3 and mode == "flip":
                data = data[:5] + bytes([data[5] ^ 1]) + data[6:]
            elif count == 3 and mode == "close":
                conn.sendall(data[: len(data) // 2])
                return
            elif count == 3 and mode == "stall":
                continue
            elif count == 1 and mode == "slow":
                time.sleep(1)
            conn.sendall(data)


def main():
    mode = sys.argv[1]
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    print("port", listener.getsockname()[1], flush=True)
    while True:
        conn, _ = listener.accept()
        threading.Thread(target=serve, args=(conn, mode), daemon=True).start()


if __name__ == "__main__":
    main()
