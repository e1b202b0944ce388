#!/usr/bin/env bash
# The instruction-count profile of tools/bench/compare on a hand-written
# callgrind file: the expected figures are worked out below from the file,
# not taken from running the code. A parser that took a call's inclusive cost
# for the caller's own, or did not resolve compressed names ("cfn=(2)"),
# gets them wrong.
set -euo pipefail
R="$TEST_SRCDIR/$TEST_WORKSPACE"
cat >"$TEST_TMPDIR/callgrind.out" <<'CG'
# callgrind format
version: 1
positions: line
events: Ir
summary: 1000

ob=(1) /bin/server
fl=(1) ???
fn=(1) main
0 100
cfn=(2) recv
calls=10 0
0 300
fn=(3) asyncore::EpollPoller::Poll(asyncore::SocketMap&, double) [/bin/server]
0 50
+2 25
cfn=(2)
calls=5 0
0 150
cfn=(4) send
calls=15 0
0 75

fn=(2)
0 450
fn=(4)
0 75
totals: 1000
CG
python3 - "$R/tools/bench/compare" "$TEST_TMPDIR/callgrind.out" <<'PY'
import importlib.machinery, importlib.util, sys

loader = importlib.machinery.SourceFileLoader("compare", sys.argv[1])
spec = importlib.util.spec_from_loader("compare", loader)
compare = importlib.util.module_from_spec(spec)
loader.exec_module(compare)

failures = []
def expect(what, got, want):
    if got != want:
        failures.append("%s: got %r, expected %r" % (what, got, want))

total, receives, self_cost = compare.callgrind_costs(sys.argv[2])
expect("total", total, 1000)
# recv is called 10 times from main and 5 times (compressed name) from Poll; send is not a receive.
expect("receive calls", receives, 15)
# Own costs only: the cost lines after calls= (300, 150, 75) belong to the callees.
expect("self costs", self_cost, {"main": 100, "asyncore::EpollPoller::Poll(asyncore::SocketMap&, double) [/bin/server]": 75,
                                 "recv": 450, "send": 75})

for name, short in [
        ("asyncore::EpollPoller::Poll(asyncore::SocketMap&, double) [/bin/server]", "asyncore::EpollPoller::Poll"),
        ("???:void std::vector<int>::emplace_back<int>(int&&) [/bin/server]", "void std::vector<int>::emplace_back<int>"),
        ("./string/../sysdeps/x86_64/multiarch/memchr-avx2.S:__memchr_avx2 [/usr/lib/x86_64-linux-gnu/libc.so.6]",
         "__memchr_avx2"),
        ("std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> >::append(char const*, "
         "unsigned long) [/bin/server]", "std::string::append"),
        ("bool operator==(A const&, A const&) [/bin/server]", "bool operator==(A const&, A const&)")]:
    expect("short name of %r" % name, compare.short_function_name(name), short)

section = compare.profile_section({"reference": {(1, 64): 1200.4, (100, 64): 950.0}, "libuv": {(1, 64): 900.0}},
                                  [("asyncore::EpollPoller::Poll", 140.2)], [])
for line in ["| server | 1 x 64 B | 100 x 64 B |", "| reference | 1,200 | 950 |", "| libuv | 900 | - |",
             "`asyncore::EpollPoller::Poll` 140"]:
    if line not in section:
        failures.append("profile section lacks %r:\n%s" % (line, section))
missing = compare.profile_section({}, [], ["not measured: no valgrind (Debian: apt-get install valgrind)"])
if "- not measured: no valgrind" not in missing or "| server |" in missing:
    failures.append("without valgrind the section must say so and show no table:\n" + missing)

if failures:
    print("\n".join("FAIL: " + f for f in failures))
    sys.exit(1)
print("ok")
PY
