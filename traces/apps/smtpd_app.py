"""Python 3.11's stdlib smtpd server and the stdlib smtplib client, one
session over 127.0.0.1, in one process: the program the smtpd traces of
traces/apps/ are recorded from (make_app_traces.sh runs it under
`trace record-python`).

  python3 smtpd_app.py SCENARIO     run one client scenario, then exit

The server is smtpd.SMTPServer, unchanged, with data_size_limit 1024 so a
scenario can exceed it; socket.getfqdn() answers smtp.example and the
client says client.example so no host name reaches a trace. The loop runs
until the client thread is done and every channel has closed (at most
10 seconds), so a run stops by itself.
"""

import asyncore
import smtplib
import socket
import sys
import threading
import time
import warnings

warnings.simplefilter("ignore", DeprecationWarning)
socket.getfqdn = lambda name="": "smtp.example"
import smtpd  # noqa: E402

RECEIVED = []


class Server(smtpd.SMTPServer):
    def process_message(self, peer, mailfrom, rcpttos, data, **kwargs):
        RECEIVED.append((mailfrom, tuple(rcpttos), len(data)))
        return None


def message(n_lines, subject="test"):
    lines = ["From: alice@example.org", "To: bob@example.org", "Subject: %s" % subject, ""]
    lines += ["line %04d of the message body, ascii only" % i for i in range(n_lines)]
    return "\r\n".join(lines) + "\r\n"


def client(host, port, name):
    if name == "simple":
        with smtplib.SMTP(host, port, local_hostname="client.example", timeout=5) as c:
            c.sendmail("alice@example.org", ["bob@example.org"], message(3))
    elif name == "multi_recipient":
        with smtplib.SMTP(host, port, local_hostname="client.example", timeout=5) as c:
            c.sendmail("alice@example.org", ["bob@example.org", "carol@example.org", "dave@example.org"], message(5))
    elif name == "over_size_limit":
        # HELO, not EHLO: no SIZE= on MAIL, so the server counts the DATA in
        # collect_incoming_data and refuses the mail after its end (552).
        # smtpd 3.11 then stays in its DATA state (its found_terminator
        # returns before restoring the command terminator), so a RSET would
        # never be answered: the client hangs up instead.
        c = smtplib.SMTP(host, port, local_hostname="client.example", timeout=5)
        c.helo("client.example")
        c.mail("alice@example.org")
        c.rcpt("bob@example.org")
        code, _ = c.data(message(60))
        assert code == 552, code
        c.close()
    elif name == "size_refused_at_mail":
        with smtplib.SMTP(host, port, local_hostname="client.example", timeout=5) as c:
            try:
                c.sendmail("alice@example.org", ["bob@example.org"], message(60))
            except smtplib.SMTPSenderRefused:
                pass
    elif name == "two_mails":
        with smtplib.SMTP(host, port, local_hostname="client.example", timeout=5) as c:
            c.sendmail("alice@example.org", ["bob@example.org"], message(2, "first"))
            c.sendmail("carol@example.org", ["dave@example.org"], message(2, "second"))
    elif name == "helo_noop_rset":
        with smtplib.SMTP(host, port, local_hostname="client.example", timeout=5) as c:
            c.helo("client.example")
            c.noop()
            c.rset()
            c.verify("bob")
    elif name == "bad_commands":
        with smtplib.SMTP(host, port, local_hostname="client.example", timeout=5) as c:
            c.docmd("FROB")
            c.docmd("MAIL", "nobody")
            c.docmd("RCPT TO:<bob@example.org>")
            c.docmd("DATA")
            c.docmd("HELO")
    elif name == "dot_stuffing":
        with smtplib.SMTP(host, port, local_hostname="client.example", timeout=5) as c:
            c.sendmail("alice@example.org", ["bob@example.org"], "Subject: dots\r\n\r\n.\r\n..two\r\n.x\r\n")
    elif name in ("pipelined", "pipelined_one_write", "disconnect_mid_data", "disconnect_after_banner",
                  "byte_at_a_time", "quit_raw", "long_line"):
        raw_client(host, port, name)
    else:
        raise SystemExit("smtpd_app.py: unknown scenario %s" % name)


def raw_client(host, port, name):
    s = socket.create_connection((host, port), timeout=5)
    f = s.makefile("rb")
    f.readline()  # the banner
    if name in ("pipelined", "pipelined_one_write"):
        cmds = [b"EHLO client.example\r\n", b"MAIL FROM:<alice@example.org>\r\n", b"RCPT TO:<bob@example.org>\r\n",
                b"RCPT TO:<carol@example.org>\r\n", b"DATA\r\n"]
        s.sendall(b"".join(cmds))
        while not f.readline().startswith(b"354"):
            pass
        body = b"Subject: pipelined\r\n\r\nhello\r\n.\r\nQUIT\r\n" if name == "pipelined_one_write" else \
            b"Subject: pipelined\r\n\r\nhello\r\n.\r\n"
        s.sendall(body)
        f.readline()
        if name == "pipelined":
            s.sendall(b"QUIT\r\n")
        f.readline()
    elif name == "disconnect_mid_data":
        for cmd in (b"HELO client.example\r\n", b"MAIL FROM:<alice@example.org>\r\n", b"RCPT TO:<bob@example.org>\r\n",
                    b"DATA\r\n"):
            s.sendall(cmd)
            f.readline()
        s.sendall(b"Subject: cut\r\n\r\nthis mail never ends")
        time.sleep(0.2)
    elif name == "byte_at_a_time":
        for b in b"HELO client.example\r\n":
            s.sendall(bytes([b]))
            time.sleep(0.01)
        f.readline()
        s.sendall(b"QUIT\r\n")
        f.readline()
    elif name == "long_line":
        s.sendall(b"HELO " + b"x" * 600 + b"\r\n")
        f.readline()
        s.sendall(b"QUIT\r\n")
        f.readline()
    elif name == "quit_raw":
        s.sendall(b"QUIT\r\n")
        f.readline()
    s.close()


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: smtpd_app.py SCENARIO\n")
        return 2
    server = Server(("127.0.0.1", 0), None, data_size_limit=1024, decode_data=False)
    host, port = server.socket.getsockname()[:2]
    errors = []

    def run():
        try:
            client(host, port, argv[1])
        except Exception as e:  # reported below; the loop still stops
            errors.append(e)
    t = threading.Thread(target=run, daemon=True)
    t.start()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        asyncore.loop(timeout=0.05, count=1)
        if not t.is_alive() and len(asyncore.socket_map) <= 1:
            break
    server.close()
    t.join(1)
    if errors:
        sys.stderr.write("smtpd_app.py: client failed: %r\n" % errors[0])
        return 1
    sys.stdout.write("smtpd_app.py %s: %d mail(s) received\n" % (argv[1], len(RECEIVED)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
