"""supervisor's HTTP server (its medusa asynchat_25 channels, Debian
`supervisor`) driven by supervisorctl and XML-RPC over 127.0.0.1: the
program the supervisor traces of traces/apps/ are recorded from.

  python3 supervisor_app.py SCENARIO

writes a supervisord.conf into a temporary directory ([inet_http_server] on
127.0.0.1, port SUPERVISOR_APP_PORT, 40131 unless $SUPERVISOR_APP_PORT; one
program `greeter` that prints fixed lines and sleeps), starts the real
`supervisord -n -c CONF` as a child process (which inherits the environment,
so under `trace record-python` the child is the process recorded), runs the
scenario's clients (the real `supervisorctl` and xmlrpc.client, which are not
recorded: the variables naming the record directory are removed from their
environment), then shuts supervisord down over XML-RPC and waits for it (at
most 20 seconds), so a run stops by itself.
"""

import os
import subprocess
import sys
import tempfile
import time
import xmlrpc.client

PORT = int(os.environ.get("SUPERVISOR_APP_PORT", "40131"))
CONF = """[supervisord]
logfile=%(dir)s/supervisord.log
pidfile=%(dir)s/supervisord.pid
childlogdir=%(dir)s
nodaemon=true
loglevel=warn

[inet_http_server]
port=127.0.0.1:%(port)d

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=http://127.0.0.1:%(port)d

[program:greeter]
command=/bin/sh -c "echo greeter started; echo second line; exec sleep 1000"
autostart=%(autostart)s
startsecs=0
stdout_logfile=%(dir)s/greeter.log
"""


def client_env():
    env = dict(os.environ)
    for name in ("ASYNCHAT_RECORD_DIR", "ASYNCHAT_RECORD_PREFIX"):
        env.pop(name, None)
    return env


def ctl(conf, *args):
    return subprocess.run(["/usr/bin/python3", "/usr/bin/supervisorctl", "-c", conf] + list(args),
                          env=client_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=20).stdout


def wait_up(proxy):
    deadline = time.monotonic() + 10
    while True:
        try:
            return proxy.supervisor.getState()
        except (OSError, xmlrpc.client.Error):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def scenario(name, conf, proxy):
    if name == "get_state":
        proxy.supervisor.getState()
    elif name == "version":
        proxy.supervisor.getSupervisorVersion()
        proxy.supervisor.getAPIVersion()
    elif name == "ctl_status":
        ctl(conf, "status")
    elif name == "ctl_stop_start":
        ctl(conf, "stop", "greeter")
        ctl(conf, "start", "greeter")
    elif name == "rpc_stop_start":
        proxy.supervisor.stopProcess("greeter")
        proxy.supervisor.startProcess("greeter")
    elif name == "log_tail":
        time.sleep(0.3)
        proxy.supervisor.tailProcessStdoutLog("greeter", 0, 100)
    elif name == "ctl_tail":
        time.sleep(0.3)
        ctl(conf, "tail", "greeter")
    elif name == "bad_method":
        try:
            proxy.supervisor.noSuchMethod()
        except xmlrpc.client.Fault:
            pass
    elif name == "http_not_found":
        import http.client
        c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
        c.request("GET", "/no/such/page")
        c.getresponse().read()
        c.close()
    else:
        raise SystemExit("supervisor_app.py: unknown scenario %s" % name)


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: supervisor_app.py SCENARIO\n")
        return 2
    d = tempfile.mkdtemp(prefix="supervisor_app_")
    conf = os.path.join(d, "supervisord.conf")
    with open(conf, "w") as f:
        f.write(CONF % {"dir": d, "port": PORT, "autostart": "true"})
    server = subprocess.Popen(["/usr/bin/python3", "/usr/bin/supervisord", "-n", "-c", conf])
    proxy = xmlrpc.client.ServerProxy("http://127.0.0.1:%d/RPC2" % PORT)
    rc = 0
    try:
        wait_up(proxy)
        scenario(argv[1], conf, proxy)
    except Exception as e:  # reported; supervisord is still shut down
        sys.stderr.write("supervisor_app.py: %s failed: %r\n" % (argv[1], e))
        rc = 1
    finally:
        try:
            proxy.supervisor.shutdown()
        except Exception:
            server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
            rc = 1
    sys.stdout.write("supervisor_app.py %s: done\n" % argv[1])
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv))
