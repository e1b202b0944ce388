"""pyftpdlib (Debian python3-pyftpdlib) and the stdlib ftplib client, one
session over 127.0.0.1, in one process: the program the pyftpdlib traces of
traces/apps/ are recorded from (make_app_traces.sh runs it under
`trace record-python`).

  python3 ftpd_app.py SCENARIO     run one client scenario, then exit

The server is pyftpdlib's FTPServer and FTPHandler, unchanged except for
settings that keep a trace the same from run to run: a fixed banner, one
passive port (PASV_PORT, 40121 unless $FTPD_APP_PASV_PORT), use_sendfile off
(sendfile() would bypass async_chat's producers, so there would be nothing
to record), and a home directory whose files have fixed contents and
modification times (LIST prints them; the owner column is the user running
the recording). The loop runs until the client thread is done and every
channel has closed (at most 15 seconds), so a run stops by itself.
"""

import io
import ftplib
import logging
import os
import sys
import tempfile
import threading
import time

from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import FTPHandler
from pyftpdlib.servers import FTPServer

PASV_PORT = int(os.environ.get("FTPD_APP_PASV_PORT", "40121"))
FIXED_TIME = 1577880000  # 2020-01-01 12:00:00 UTC
BIG = bytes(range(256)) * 384  # 96 KiB: larger than the 64 KiB buffers of both sides
HUGE = bytes(range(256)) * 4096  # 1 MiB: ABOR interrupts its transfer


def make_home():
    home = tempfile.mkdtemp(prefix="ftpd_app_")
    with open(os.path.join(home, "small.txt"), "wb") as f:
        f.write(b"hello from pyftpdlib\r\n")
    with open(os.path.join(home, "big.bin"), "wb") as f:
        f.write(BIG)
    with open(os.path.join(home, "huge.bin"), "wb") as f:
        f.write(HUGE)
    os.mkdir(os.path.join(home, "sub"))
    for name in ("small.txt", "big.bin", "huge.bin", "sub"):
        os.utime(os.path.join(home, name), (FIXED_TIME, FIXED_TIME))
    return home


def client(port, name):
    c = ftplib.FTP(timeout=10)
    c.connect("127.0.0.1", port)
    if name == "bad_password":
        try:
            c.login("user", "wrong")
        except ftplib.error_perm:
            pass
        c.quit()
        return
    c.login("user", "12345")
    if name == "login_quit":
        c.pwd()
    elif name == "bad_command":
        c.sendcmd("NOOP")
        for cmd in ("FROB x", "RETR"):
            try:
                c.sendcmd(cmd)
            except ftplib.error_perm:
                pass
    elif name == "list":
        c.retrlines("LIST", lambda line: None)
    elif name == "nlst_cwd":
        c.nlst()
        c.cwd("sub")
        c.pwd()
        c.cwd("/")
    elif name == "retr_small":
        c.retrbinary("RETR small.txt", lambda b: None)
    elif name == "retr_large":
        got = []
        c.retrbinary("RETR big.bin", got.append, blocksize=65536)
        assert b"".join(got) == BIG
    elif name == "stor_large":
        c.storbinary("STOR upload.bin", io.BytesIO(BIG), blocksize=65536)
    elif name == "retr_missing":
        try:
            c.retrbinary("RETR nope.txt", lambda b: None)
        except ftplib.error_perm:
            pass
    elif name == "abor":
        conn = c.transfercmd("RETR huge.bin")
        conn.recv(1024)
        c.abort()
        conn.close()
        try:
            c.voidresp()
        except ftplib.Error:
            pass
    elif name == "mkd_rmd":
        c.mkd("newdir")
        c.rmd("newdir")
    elif name == "size_type":
        c.sendcmd("TYPE I")
        c.size("big.bin")
        c.sendcmd("TYPE A")
    else:
        raise SystemExit("ftpd_app.py: unknown scenario %s" % name)
    c.quit()


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: ftpd_app.py SCENARIO\n")
        return 2
    logging.disable(logging.CRITICAL)
    home = make_home()
    authorizer = DummyAuthorizer()
    authorizer.add_user("user", "12345", home, perm="elradfmwMT")

    class Handler(FTPHandler):
        pass
    Handler.authorizer = authorizer
    Handler.banner = "pyftpdlib ready."
    Handler.passive_ports = [PASV_PORT]
    Handler.use_sendfile = False
    server = FTPServer(("127.0.0.1", 0), Handler)
    port = server.socket.getsockname()[1]
    errors = []

    def run():
        try:
            client(port, argv[1])
        except Exception as e:  # reported below; the loop still stops
            errors.append(e)
    t = threading.Thread(target=run, daemon=True)
    t.start()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        server.serve_forever(timeout=0.05, blocking=False, handle_exit=False)
        if not t.is_alive() and len(server.ioloop.socket_map) <= 1:
            break
    server.close_all()
    t.join(1)
    if errors:
        sys.stderr.write("ftpd_app.py: client failed: %r\n" % errors[0])
        return 1
    sys.stdout.write("ftpd_app.py %s: done\n" % argv[1])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
