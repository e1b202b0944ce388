// The byte encoding of scenarios that the trace-shaped fuzz targets share:
// a fuzz input decodes to a one-channel trace scenario (traces/FORMAT.md
// inputs only), and a trace's channel encodes back to an input (the seeds in
// fuzz/corpus/ are written that way by //fuzz:make_corpora).
//
// Layout (fuzz/byte_source.h: structure from the back, bytes from the front):
//   header:  flags byte (bit0 connected=0, bit1 in_buffer, bit2 out_buffer,
//            bit3 send_cap), then for each flag set a u16 v meaning 1 + v % 4096;
//            kFraming only: a terminator T, the scenario's first input (none
//            if T is negative, which would raise and leave none set; the
//            model refuses framing before any set_terminator, as CPython
//            does, while the reference defaults to None: not a difference
//            worth finding again and again)
//   ops:     until the input is used up or kMaxOps ops: an op byte, which
//            picks ops[b % ops.size()] from the surface's list, then its
//            arguments:
//     read          u16 v, then 1 + v % in_buffer stream bytes from the front
//     read_eof / read_wouldblock / write / close_when_done / discard_buffers / close
//     read_error    byte: ECONNRESET, ETIMEDOUT, ECONNABORTED, EHOSTUNREACH
//     send_budget   u16 v: at most v % 4097 bytes
//     send_error    byte: EAGAIN, EPIPE, ECONNRESET, ENOBUFS
//     set_terminator  terminator T (below)
//     push          u16 v, then v % 4097 bytes from the front
//     producer      byte: id p(b % 4); byte: b % 5 chunks; each u16 v, then v % 4097 bytes
//     push_with_producer  byte: p(b % 4); dropped if that producer was never declared
//                   (pushes are also dropped beyond kMaxQueuedBytes queued in all)
//     on            byte: call 1 + b % 32; action byte (an action of the surface) and its arguments
//   T: byte k % 4: 0 none, 1 int:u16, 2 str: (byte: b % 9 bytes from the front), 3 int:-(byte + 1)
//
// Decoded scenarios are trace format 2 (their transcripts have the recv and
// handle_close records), with format-1 inputs only.
//
// Every decoded scenario is one an implementation can be given: reads never
// exceed in_buffer, producers are declared before use, nothing is `str`-typed
// (the C++ reference cannot be handed a text string).
#ifndef ASYNCHAT_FUZZ_SCENARIO_CODEC_H_
#define ASYNCHAT_FUZZ_SCENARIO_CODEC_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "traces/trace.h"

namespace fuzz {

// Which inputs a target lets the bytes say.
enum class Surface {
  kFraming,  // reads (data, EOF), set_terminator, discard_buffers; reactions:
             // set_terminator, discard_buffers, close
  kOutput,   // push, producers, write events, send budgets and errors,
             // close_when_done, discard_buffers, close; no reads
  kSession,  // every input and every reaction action
};

constexpr std::size_t kMaxOps = 1024;
constexpr std::size_t kMaxBuffer = 4096;  // in_buffer, out_buffer, send_cap, push and chunk sizes
constexpr std::size_t kMaxReactionCall = 32;
// EncodeChannel stops once an input reaches this size (a long recorded
// session seeds with its beginning), keeping seeds near the inputs
// libFuzzer grows by itself.
constexpr std::size_t kMaxEncodedBytes = 8 * 1024;
// Pushes and push_with_producer (counting the producer's chunks) that would
// queue more than this in total are dropped, so draining stays cheap.
constexpr std::size_t kMaxQueuedBytes = 16 * 1024;
constexpr char kChannel[] = "c";

const char* SurfaceName(Surface surface);

// Always succeeds: any bytes are some scenario (channel kChannel).
traces::Trace DecodeScenario(std::string_view input, Surface surface);

// The inputs of `channel` in `trace` that `surface` can express, as bytes
// DecodeScenario turns back into them (channel renamed kChannel, producers
// renamed p0..p3, negative integer terminators kept). Sizes above
// kMaxBuffer are clamped to it and a read longer than the clamped in_buffer
// becomes several reads; encoding stops after kMaxOps inputs or
// kMaxEncodedBytes. Inputs it cannot express are left out; nullopt when
// nothing of the channel is left, a size is zero, or it is an app= channel.
std::optional<std::string> EncodeChannel(const traces::Trace& trace, const std::string& channel, Surface surface);

}  // namespace fuzz

#endif  // ASYNCHAT_FUZZ_SCENARIO_CODEC_H_
