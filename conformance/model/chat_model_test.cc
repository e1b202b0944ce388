// The model against expectations derived by hand from the documents
// (named by their spec/SPEC.md short names: [py3-asynchat] and
// [py2-asynchat-ja] asynchat, [pymotw-asynchat], [py2-asyncore-ja] asyncore),
// each case citing its source; where the documents are silent, against CPython
// 3.11's asynchat.py/asyncore.py read by hand (said so). Every expected '<'
// line below was written from the document, not produced by the model.
//
// Also: the echo traces of traces/echo (checked against [pymotw-asynchat]) replay on the
// model line for line, and scenarios no implementation could be given throw
// TraceError naming FILE:LINE.
#include "conformance/model/chat_model.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "traces/trace_compare.h"
#include "traces/trace_format.h"

namespace conformance {
namespace {

using traces::Record;

// Parses `body` (a trace without its first line), runs the model on its
// inputs and requires exactly its '<' lines.
void ExpectModelProduces(const std::string& body) {
  traces::Trace t = traces::ParseTrace("asynchat-trace 1\n" + body, "expected.trace");
  auto m = traces::CompareTranscript(t, RunModel(t), traces::Profile::kStrict);
  EXPECT_FALSE(m) << m->message;
}

// ---------------------------------------------------------------------------
// [pymotw-asynchat]: the PyMOTW echo example.

const char* const kEchoTraces[] = {
    "traces/echo/documented.trace",
    "traces/echo/1byte_reads.trace",
    "traces/echo/send_cap5.trace",
};

TEST(EchoTraces, ReplayOnTheModelLineForLine) {
  for (const char* path : kEchoTraces) {
    traces::Trace t = traces::ReadTraceFile(path);
    ASSERT_GT(t.records.size(), 20u) << path;
    auto m = traces::CompareTranscript(t, RunModel(t), traces::Profile::kStrict);
    EXPECT_FALSE(m) << m->message;
  }
}

TEST(EchoTraces, DocumentedRunHasTheDocumentedSizes) {
  // [pymotw-asynchat], the printed run of asynchat_echo_main.py: EchoHandler collects 8
  // bytes ("ECHO 166"), found_terminator, then 55, 64 and 47 bytes,
  // found_terminator; EchoProducer.more() returns 64, 64, 38, then 0 bytes;
  // EchoClient collects 64, 64, 38, found_terminator. Only the inputs of the
  // trace are used: these sizes come from the model.
  traces::Trace t = traces::ReadTraceFile("traces/echo/documented.trace");
  std::vector<std::string> h, c;
  for (const Record& r : RunModel(t)) {
    if (r.direction != Record::Direction::kOutput) continue;
    std::string what;
    if (r.verb == "collect") what = "collect " + std::to_string(r.args[0].text.size());
    else if (r.verb == "more") what = "more " + std::to_string(r.args[1].text.size());
    else if (r.verb == "found_terminator") what = "found";
    else continue;
    (r.channel == "h" ? h : c).push_back(what);
  }
  EXPECT_EQ(h, (std::vector<std::string>{"collect 8", "found", "collect 55", "collect 64", "collect 47", "found"}));
  EXPECT_EQ(c, (std::vector<std::string>{"more 64", "more 64", "more 38", "more 0", "collect 64", "collect 64",
                                          "collect 38", "found"}));
}

TEST(EchoTraces, AnAlteredExpectationIsCaught) {
  // The comparison is not vacuous: one changed byte in an expected collect fails.
  traces::Trace t = traces::ReadTraceFile("traces/echo/documented.trace");
  for (Record& r : t.records) {
    if (r.direction == Record::Direction::kOutput && r.verb == "collect") {
      r.args[0].text[0] ^= 1;
      break;
    }
  }
  auto m = traces::CompareTranscript(t, RunModel(t), traces::Profile::kStrict);
  ASSERT_TRUE(m);
  EXPECT_NE(m->message.find("collect"), std::string::npos) << m->message;
}

// ---------------------------------------------------------------------------
// Input side: set_terminator's three kinds ([py3-asynchat], [py2-asynchat-ja] set_terminator table).

TEST(Terminators, StringCallsFoundTerminatorAndKeepsWhatFollows) {
  // [py3-asynchat] set_terminator, string: found_terminator() "when the string is found
  // in the input stream"; the note under the table: data following the
  // terminator is available after found_terminator() is called.
  ExpectModelProduces(R"(
channel c
> c set_terminator str:"\r\n"
> c read "GET /\r\nHost"
< c collect "GET /"
< c found_terminator
< c collect "Host"
)");
}

TEST(Terminators, IntegerCountsBytesAcrossReads) {
  // [py3-asynchat] set_terminator, integer: found_terminator() "when the indicated
  // number of characters have been received" -- 2 + 3 bytes over two reads.
  // CPython (documents silent): the count then stays 0, which collects all,
  // in this read and the next.
  ExpectModelProduces(R"(
channel c
> c set_terminator int:5
> c read "ab"
< c collect "ab"
> c read "cdefg"
< c collect "cde"
< c found_terminator
< c collect "fg"
> c read "hijklm"
< c collect "hijklm"
)");
}

TEST(Terminators, NoneCollectsForever) {
  // [py3-asynchat] set_terminator, None: "The channel continues to collect data forever".
  ExpectModelProduces(R"(
channel c
> c set_terminator none
> c read "a\r\nb"
< c collect "a\r\nb"
> c read "\n\n"
< c collect "\n\n"
)");
}

TEST(Terminators, IntegerZeroAndEmptyStringCollectEverything) {
  // Documents silent; CPython handle_read: `if not terminator` collects all
  // and never calls found_terminator().
  ExpectModelProduces(R"(
channel zero
channel empty
> zero set_terminator int:0
> zero read "ab\ncd"
< zero collect "ab\ncd"
> empty set_terminator str:""
> empty read "ab\ncd"
< empty collect "ab\ncd"
)");
}

TEST(Terminators, HttpRequestHandlerExample) {
  // [py3-asynchat] "asynchat Example": the headers end at "\r\n\r\n"; for a POST the
  // Content-Length becomes an integer terminator; then None, so that what
  // "browsers sometimes over-send" is only collected.
  ExpectModelProduces(R"(
channel c
> c set_terminator str:"\r\n\r\n"
> c on found_terminator 1 set_terminator int:5
> c on found_terminator 2 set_terminator none
> c read "POST / HTTP/1.0\r\nContent-Length: 5\r\n\r\nhelloextra"
< c collect "POST / HTTP/1.0\r\nContent-Length: 5"
< c found_terminator
< c collect "hello"
< c found_terminator
< c collect "extra"
)");
}

TEST(Terminators, SwitchingStringIntNoneInsideFoundTerminatorOnOneBuffer) {
  // [pymotw-asynchat] (the handler switches to a length terminator in found_terminator)
  // and CPython's loop, which applies the new terminator to the rest of the
  // same buffer: "LEN" | "body" (4 bytes) | the rest under None.
  ExpectModelProduces(R"(
channel c
> c set_terminator str:"\n"
> c on found_terminator 1 set_terminator int:4
> c on found_terminator 2 set_terminator none
> c read "LEN\nbody\nrest"
< c collect "LEN"
< c found_terminator
< c collect "body"
< c found_terminator
< c collect "\nrest"
)");
}

TEST(Terminators, PartialTerminatorAtTheEndIsHeldBack) {
  // CPython find_prefix_at_end (documents silent): "\r" may start "\r\n", so
  // it is not collected until the next read decides.
  ExpectModelProduces(R"(
channel yes
channel no
> yes set_terminator str:"\r\n"
> yes read "abc\r"
< yes collect "abc"
> yes read "\ndef"
< yes found_terminator
< yes collect "def"
> no set_terminator str:"\r\n"
> no read "abc\r"
< no collect "abc"
> no read "x"
< no collect "\rx"
)");
}

TEST(Terminators, NoEmptyCollectBeforeATerminatorAtTheStart) {
  // CPython ("don't bother reporting the empty string"): a terminator at
  // index 0 calls found_terminator() without collect_incoming_data(b"").
  ExpectModelProduces(R"(
channel c
> c set_terminator str:"\n"
> c read "\nabc\n\n"
< c found_terminator
< c collect "abc"
< c found_terminator
< c found_terminator
)");
}

TEST(Terminators, NegativeIntegerRaisesAndLeavesTheTerminator) {
  // CPython set_terminator (documents silent): ValueError, nothing changed:
  // the "\n" terminator still frames the next read.
  ExpectModelProduces(R"(
channel c
> c set_terminator str:"\n"
> c set_terminator int:-3
< c raise ValueError
> c read "a\nb"
< c collect "a"
< c found_terminator
< c collect "b"
)");
}

TEST(Terminators, NegativeIntegerInsideFoundTerminatorGoesToHandleError) {
  // [py2-asyncore-ja] handle_error: called for an uncaught exception; CPython's default
  // then closes the channel. The second reaction and the rest of the read
  // never run; later events are dropped (PROTOCOL.md).
  ExpectModelProduces(R"(
channel c
> c set_terminator str:"\n"
> c on found_terminator 1 set_terminator int:-1
> c on found_terminator 1 push "never"
> c read "a\nb\n"
< c collect "a"
< c found_terminator
< c error ValueError
< c close
> c read "c\n"
)");
}

TEST(Terminators, NoTerminatorSetIsAnAttributeError) {
  // Documents silent. CPython async_chat.__init__ sets no terminator, so
  // framing data before set_terminator() raises AttributeError -> handle_error.
  ExpectModelProduces(R"(
channel c
> c read "abc"
< c error AttributeError
< c close
)");
}

TEST(DiscardBuffers, InsideFoundTerminatorDropsTheRestAndTheOutputQueue) {
  // [py3-asynchat] discard_buffers: "discard any data held in the input and/or output
  // buffers and the producer queue": "b\nc" of this read and the queued
  // "out" are gone; the next read is framed normally.
  ExpectModelProduces(R"(
channel c
> c set_terminator str:"\n"
> c send_budget 0
> c push "out"
< c send "out" 0
> c on found_terminator 1 discard_buffers
> c read "a\nb\nc"
< c collect "a"
< c found_terminator
> c write
> c read "d\n"
< c collect "d"
< c found_terminator
)");
}

TEST(Reactions, CloseInsideFoundTerminatorLetsTheReadFinish) {
  // CPython: close() does not stop handle_read's loop over the buffer
  // already received; a push on the closed channel sends nothing
  // (initiate_send needs a connected socket).
  ExpectModelProduces(R"(
channel c
> c set_terminator str:"\n"
> c on found_terminator 1 close
> c on found_terminator 1 push "x"
> c read "a\nb\n"
< c collect "a"
< c found_terminator
< c close
< c collect "b"
< c found_terminator
)");
}

// ---------------------------------------------------------------------------
// Output side.

TEST(Output, PushSplitsByOutBufferSizeAndSendsOnePiecePerWrite) {
  // [py3-asynchat] ac_out_buffer_size (default 4096, here 3); CPython push queues
  // pieces of that size and sends at once; one send per initiate_send.
  ExpectModelProduces(R"(
channel c out_buffer=3
> c push "abcdefgh"
< c send "abc" 3
> c write
< c send "def" 3
> c write
< c send "gh" 2
> c write
)");
}

TEST(Output, DefaultOutBufferSizeIsTheDocumented4096) {
  // [py3-asynchat] ac_out_buffer_size: "default 4096".
  std::string data(4097, 'x');
  std::string body = "channel c\n> c push \"" + data + "\"\n< c send \"" + data.substr(0, 4096) +
                     "\" 4096\n> c write\n< c send \"x\" 1\n";
  ExpectModelProduces(body);
}

TEST(Output, ProducersAreAskedInOrderUntilEmpty) {
  // [py3-asynchat] async_chat: more() returns data until it returns the empty bytes
  // object; then "the async_chat object removes the producer from the queue
  // and starts using the next producer, if any. When the producer queue is
  // empty the handle_write() method does nothing." [py3-asynchat] push_with_producer:
  // q is used once the producers before it are exhausted.
  ExpectModelProduces(R"(
channel c
> c producer p "one" "two"
> c producer q "three"
> c push_with_producer p
< c more p "one"
< c send "one" 3
> c push_with_producer q
< c more p "two"
< c send "two" 3
> c write
< c more p ""
< c more q "three"
< c send "three" 5
> c write
< c more q ""
> c write
)");
}

TEST(Output, PushesAndProducersShareOneFifo) {
  // [py3-asynchat] push / push_with_producer: one FIFO; "0" goes before p's data and
  // "1" after it, although "1" was pushed while p still had data.
  ExpectModelProduces(R"(
channel c
> c producer p "ab"
> c send_budget 0
> c push "0"
< c send "0" 0
> c push_with_producer p
< c send "0" 1
> c push "1"
< c more p "ab"
< c send "ab" 2
> c write
< c more p ""
< c send "1" 1
)");
}

TEST(Output, PartialAndWouldBlockSendsKeepTheRestInFront) {
  // CPython initiate_send (documents silent): the unsent rest stays first;
  // EAGAIN means nothing was sent (asyncore dispatcher.send returns 0).
  ExpectModelProduces(R"(
channel c
> c send_budget 4
> c push "0123456789"
< c send "0123456789" 4
> c send_error EAGAIN
> c write
< c send "456789" error EAGAIN
> c write
< c send "456789" 6
> c write
)");
}

TEST(Output, EmptyPushIsOneSendOfNothing) {
  // CPython initiate_send: the empty item is popped, its empty slice still
  // offered to send().
  ExpectModelProduces(R"(
channel c
> c push ""
< c send "" 0
> c write
)");
}

TEST(Output, CloseWhenDoneClosesOnlyAfterThePendingDataWasAccepted) {
  // [py3-asynchat] close_when_done: "Pushes a None on to the producer queue. When this
  // producer is popped off the queue it causes the channel to be closed."
  // The None is reached only after "abcde" was accepted (2 bytes a send).
  ExpectModelProduces(R"(
channel c send_cap=2
> c push "abcde"
< c send "abcde" 2
> c close_when_done
> c write
< c send "cde" 2
> c write
< c send "e" 1
> c write
< c close
> c write
> c push "late"
)");
}

TEST(Output, PushTypedStrRaisesTypeErrorAndOtherBytesLikeTypesArePushed) {
  // [py3-asynchat] is about bytes; CPython push accepts bytes, bytearray and
  // memoryview and raises TypeError for str.
  ExpectModelProduces(R"(
channel c
> c push_typed str "x"
< c raise TypeError
> c push_typed bytearray "ab"
< c send "ab" 2
> c push_typed memoryview "cd"
< c send "cd" 2
> c push_typed bytes "ef"
< c send "ef" 2
)");
}

// ---------------------------------------------------------------------------
// The dispatcher ([py2-asyncore-ja]) and the socket.

TEST(Dispatcher, ConnectOnTheFirstReadOrWriteEvent) {
  // [py2-asyncore-ja] dispatcher event table: handle_connect() "when the first read or
  // write event occurs". Data pushed before is sent after it (CPython:
  // initiate_send waits for a connected socket).
  ExpectModelProduces(R"(
channel w connected=0
channel r connected=0
> w push "hi"
> w write
< w connect
< w send "hi" 2
> w write
> r set_terminator none
> r read "x"
< r connect
< r collect "x"
> r write
)");
}

TEST(Dispatcher, EmptyRecvClosesAndLaterEventsAreDropped) {
  // [py2-asyncore-ja] recv: a zero-length result means the remote end closed; [py2-asyncore-ja] event
  // table: handle_close() on a read event with nothing to read. PROTOCOL.md:
  // events for a closed channel are dropped.
  ExpectModelProduces(R"(
channel eof
channel empty
> eof set_terminator str:"\n"
> eof read eof
< eof close
> eof read "a\n"
> eof write
> empty set_terminator str:"\n"
> empty read ""
< empty close
)");
}

TEST(Dispatcher, RecvErrors) {
  // Documents silent; CPython: would-block is ignored by async_chat's
  // handle_read; a disconnect errno closes (asyncore._DISCONNECTED);
  // another OSError goes to handle_error, which closes.
  ExpectModelProduces(R"(
channel block
channel reset
channel io
> block set_terminator str:"\n"
> block read wouldblock
> block read error EAGAIN
> block read "a\n"
< block collect "a"
< block found_terminator
> reset read error ECONNRESET
< reset close
> io read error EIO
< io error OSError:EIO
< io close
)");
}

TEST(Dispatcher, SendErrors) {
  // Documents silent; CPython dispatcher.send: a disconnect errno closes
  // the channel; another is raised, and initiate_send passes it to
  // handle_error.
  ExpectModelProduces(R"(
channel pipe
channel inval
> pipe send_error EPIPE
> pipe push "abc"
< pipe send "abc" error EPIPE
< pipe close
> pipe write
> inval send_error EINVAL
> inval push "abc"
< inval send "abc" error EINVAL
< inval error OSError:EINVAL
< inval close
)");
}

TEST(Dispatcher, ApplicationCallsOnAClosedChannelStillRun) {
  // CPython: close() only closes the socket; the methods still do their
  // work (and raise), they just cannot send. `close` is reported once.
  ExpectModelProduces(R"(
channel c
> c close
< c close
> c set_terminator int:-1
< c raise ValueError
> c push_typed str "x"
< c raise TypeError
> c push "x"
> c close_when_done
> c close
)");
}

// ---------------------------------------------------------------------------
// Version 2 (FORMAT.md "Version 2"): each read's recv() and each entry into
// handle_close. Expected from CPython 3.11 read by hand: async_chat.handle_read
// calls self.recv(self.ac_in_buffer_size) first; dispatcher.recv calls
// handle_close() on b"" and on a _DISCONNECTED errno; initiate_send calls
// handle_close() at the None marker; handle_error() calls handle_close();
// close() does not.

void ExpectModelProducesV2(const std::string& body) {
  traces::Trace t = traces::ParseTrace("asynchat-trace 2\n" + body, "expected.trace");
  auto m = traces::CompareTranscript(t, RunModel(t), traces::Profile::kStrict);
  EXPECT_FALSE(m) << m->message;
}

TEST(Version2, RecvIsRecordedBeforeWhatItCauses) {
  ExpectModelProducesV2(R"(channel c in_buffer=8
> c set_terminator str:"\n"
> c read "ab\ncd"
< c recv 8 5
< c collect "ab"
< c found_terminator
< c collect "cd"
> c read wouldblock
< c recv 8 error EAGAIN
> c read error EIO
< c recv 8 error EIO
< c error OSError:EIO
< c handle_close
< c close
> c read "x"
)");
  // A default channel asks for the documented 4096 ([py3-asynchat]).
  ExpectModelProducesV2(R"(channel c
> c set_terminator none
> c read "abc"
< c recv 4096 3
< c collect "abc"
> c read eof
< c recv 4096 0
< c handle_close
< c close
)");
}

TEST(Version2, HandleCloseOnEveryOccasionButTheApplicationsClose) {
  ExpectModelProducesV2(R"(channel a in_buffer=4
channel b
channel d
channel e
> a set_terminator int:2
> a read error ECONNRESET
< a recv 4 error ECONNRESET
< a handle_close
< a close
> b send_error EPIPE
> b push "x"
< b send "x" error EPIPE
< b handle_close
< b close
> d close_when_done
> d write
< d handle_close
< d close
> e close_when_done
> e close
< e close
> e write
)");
}

TEST(Version2, Version1ScenariosRecordNeither) {
  ExpectModelProduces(R"(channel c in_buffer=8
> c set_terminator str:"\n"
> c read "ab\n"
< c collect "ab"
< c found_terminator
> c read eof
< c close
)");
}

// ---------------------------------------------------------------------------
// Scenarios no implementation could be given.

std::string TraceErrorOf(const std::string& body, int version = 1) {
  traces::Trace t = traces::ParseTrace("asynchat-trace " + std::to_string(version) + "\n" + body, "bad.trace");
  try {
    RunModel(t);
  } catch (const traces::TraceError& e) {
    return e.what();
  }
  return "(no TraceError)";
}

TEST(BadScenarios, ReadLongerThanInBufferNamesTheLine) {
  EXPECT_EQ(TraceErrorOf("channel c in_buffer=2\n> c set_terminator none\n> c read \"abc\"\n"),
            "bad.trace:4: read of 3 bytes exceeds channel c's in_buffer 2");
}

TEST(BadScenarios, ProducerUsedBeforeItIsDeclaredNamesTheLine) {
  EXPECT_EQ(TraceErrorOf("channel c\n> c push_with_producer p\n"),
            "bad.trace:3: producer p used before it is declared");
  // Inside found_terminator too: it is the scenario's fault, not an error
  // for handle_error.
  EXPECT_EQ(TraceErrorOf("channel c\n> c set_terminator str:\"\\n\"\n> c on found_terminator 1 push_with_producer q\n"
                         "> c read \"a\\n\"\n"),
            "bad.trace:4: producer q used before it is declared");
}

TEST(BadScenarios, EndlessHandleCloseReactionsNameTheReaction) {
  // close() inside handle_connect leaves the channel marked connected on a
  // closed socket: each send fails with EBADF, a disconnect, whose
  // handle_close pushes, which sends again. CPython would exhaust its
  // recursion limit; no transcript can record that.
  EXPECT_EQ(TraceErrorOf("channel c connected=0\n> c push \"y\"\n> c on connect close\n"
                         "> c on handle_close push \"x\"\n> c write\n",
                         2),
            "bad.trace:5: on handle_close reactions re-enter handle_close more than 64 levels deep");
}

}  // namespace
// Listeners (format 2): what no implementation could be given is a
// TraceError naming the line; an accept error closes the listener only.
TEST(Listeners, InputBeforeTheAcceptAndAnAcceptWithNoChannelLeftAreTraceErrors) {
  const std::string head = "asynchat-trace 2\nchannel s listener=accepted\nchannel c accepted_by=s\n";
  try {
    RunModel(traces::ParseTrace(head + "> c set_terminator none\n", "l.trace"));
    ADD_FAILURE() << "an input before the accept was run";
  } catch (const traces::TraceError& e) {
    EXPECT_EQ(std::string(e.what()), "l.trace:4: channel c is not accepted yet (its listener accepts it with > s accept)");
  }
  try {
    RunModel(traces::ParseTrace(head + "> s accept\n> s accept\n", "l.trace"));
    ADD_FAILURE() << "a second accept found a channel";
  } catch (const traces::TraceError& e) {
    EXPECT_EQ(std::string(e.what()),
              "l.trace:5: listener s accepts a connection but no accepted_by=s channel is left to create");
  }
}

TEST(Listeners, AnAcceptErrorClosesTheListenerOnly) {
  traces::Trace t = traces::ParseTrace(
      "asynchat-trace 2\nchannel s listener=accept\nchannel c accepted_by=s\n"
      "> s accept\n> s accept error EPERM\n> s accept error EPERM\n> c set_terminator none\n> c read \"x\"\n",
      "l.trace");
  std::string out;
  for (const Record& r : RunModel(t)) {
    if (r.direction == Record::Direction::kOutput) out += traces::FormatRecord(r) + "\n";
  }
  EXPECT_EQ(out, "< s accepted c\n< s error OSError:EPERM\n< s handle_close\n< s close\n< c recv 4096 1\n"
            "< c collect \"x\"\n");
}

}  // namespace conformance
