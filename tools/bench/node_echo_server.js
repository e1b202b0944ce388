// node_echo_server.js: the documented echo protocol ("ECHO <len>\n" then
// <len> bytes, echoed back) on Node.js's `net`, a peer of the reference in the
// echo comparison, written for speed as a Node user would: one 'data'
// listener per socket, chunks kept as they arrive and joined only when a
// message spans them, each payload written as a view of the received bytes
// (subarray: no copy), and the usual flow control (pause when write() says
// the socket's buffer is full, resume on 'drain'). Node reads through libuv
// in 64 KiB chunks; that size is Node's own and cannot be set here.
// Prints "port N"; runs until killed. Bad input closes the connection.
//
// usage: node node_echo_server.js [--port P] [--quiet]
'use strict';
const net = require('net');

const MAX_COMMAND = 64;
const MAX_MESSAGE = 1 << 20;
const NEWLINE = 10;

function usage(message) {
  process.stderr.write('node_echo_server.js: ' + message + ' (usage: node node_echo_server.js [--port P] [--quiet])\n');
  process.exit(2);
}

function parseArgs(argv) {
  let port = 0;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--port') {
      if (i + 1 >= argv.length) usage('--port needs a value');
      const v = argv[++i];
      if (!/^[0-9]+$/.test(v) || Number(v) > 65535) usage('--port ' + v + ': expected a number in 0..65535');
      port = Number(v);
    } else if (a === '--quiet' || a === '-q') {
      // nothing is reported per connection anyway
    } else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: node node_echo_server.js [--port P] [--quiet]\n');
      process.exit(0);
    } else {
      usage('unknown argument ' + a);
    }
  }
  return port;
}

// The length in "ECHO <digits>\n" at buf[s, nl), or -1 when it is not one.
function commandLength(buf, s, nl) {
  if (nl - s < 5 || buf[s] !== 0x45 || buf[s + 1] !== 0x43 || buf[s + 2] !== 0x48 || buf[s + 3] !== 0x4f ||
      buf[s + 4] !== 0x20) {
    return -1;
  }
  let len = 0;
  for (let i = s + 5; i < nl; i++) {
    const d = buf[i] - 0x30;
    if (d < 0 || d > 9) return -1;
    len = len * 10 + d;
    if (len > MAX_MESSAGE) return -1;
  }
  return len;
}

function serve(socket) {
  let pending = null;  // unparsed bytes: one Buffer, or null
  let waiting = 0;     // bytes the pending message needs in all (0: not known yet)
  let chunks = [];     // chunks received while waiting for `waiting` bytes
  let chunked = 0;

  socket.on('data', (chunk) => {
    if (pending !== null) {
      if (waiting > 0 && chunked + chunk.length < waiting) {  // a long message: join once, when whole
        chunks.push(chunk);
        chunked += chunk.length;
        return;
      }
      chunks.push(chunk);
      chunk = Buffer.concat(chunks, chunked + chunk.length);
      pending = null;
      chunks = [];
      chunked = 0;
    }
    let buf = chunk;
    let start = 0;
    for (;;) {
      const avail = buf.length - start;
      const nl = buf.indexOf(NEWLINE, start);
      if (nl < 0 || nl - start >= MAX_COMMAND) {
        if (avail >= MAX_COMMAND) {
          socket.destroy();
          return;
        }
        waiting = 0;
        break;
      }
      const len = commandLength(buf, start, nl);
      if (len < 0) {
        socket.destroy();
        return;
      }
      const header = nl - start + 1;
      if (avail < header + len) {
        waiting = header + len;
        break;
      }
      if (len > 0 && !socket.write(buf.subarray(start + header, start + header + len))) socket.pause();
      start += header + len;
    }
    if (start < buf.length) {
      pending = buf.subarray(start);
      chunks = [pending];
      chunked = pending.length;
    }
  });
  socket.on('drain', () => socket.resume());
  socket.on('error', () => socket.destroy());
}

const port = parseArgs(process.argv.slice(2));
const server = net.createServer(serve);
server.on('error', (e) => {
  process.stderr.write('node_echo_server.js: listen on 127.0.0.1:' + port + ': ' + e.message + '\n');
  process.exit(1);
});
server.listen({host: '127.0.0.1', port: port, backlog: 1024}, () => {
  const p = server.address().port;
  process.stdout.write('listening on 127.0.0.1:' + p + ' (Node.js ' + process.version + ' net)\nport ' + p + '\n');
});
