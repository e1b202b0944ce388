#include "conformance/properties/whole_stream.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "conformance/properties/scenario_builder.h"

namespace conformance::properties {
namespace {

using traces::Record;

// The scenario split into its setup, its byte reads and what follows.
struct Shape {
  std::vector<Record> setup, reads, tail;
};

std::optional<Shape> ShapeOf(const traces::Trace& t) {
  Shape s;
  const std::string* channel = nullptr;
  for (const Record& r : t.records) {
    if (r.direction != Record::Direction::kInput) continue;
    if (channel && r.channel != *channel) return std::nullopt;
    channel = &r.channel;
    // A read of no bytes is end of file (recv() returning b""), not data.
    if (IsByteRead(r) && !r.args[0].text.empty()) {
      if (!s.tail.empty()) return std::nullopt;  // reads after the stream ended
      s.reads.push_back(r);
    } else {
      (s.reads.empty() ? s.setup : s.tail).push_back(r);
    }
  }
  return s;
}

bool CollectsEverything(const TerminatorSpec& t) {
  // None, the integer 0 and the empty string: CPython's `if not terminator`.
  return t.kind == TerminatorSpec::Kind::kNone || (t.kind == TerminatorSpec::Kind::kCount && t.count == 0) ||
         (t.kind == TerminatorSpec::Kind::kString && t.text.empty());
}

std::vector<std::size_t> CutsOf(const Shape& s) {
  std::optional<TerminatorSpec> term;
  std::map<std::size_t, std::vector<const Record*>> reactions;
  for (const Record& r : s.setup) {
    if (r.verb == "set_terminator") {
      std::optional<TerminatorSpec> t = TerminatorFromArgs(r.args);
      // A negative count raises and leaves the terminator as it was.
      if (t && !(t->kind == TerminatorSpec::Kind::kCount && t->count < 0)) term = t;
    } else if (r.verb == "on" && r.args.size() >= 3) {
      reactions[std::stoull(r.args[1].text)].push_back(&r);
    }
  }
  std::string stream;
  std::vector<std::size_t> ends;  // cumulative read ends, ascending; the last is stream.size()
  for (const Record& r : s.reads) {
    stream += r.args[0].text;
    ends.push_back(stream.size());
  }
  // The end of the chunked read that holds the byte before `pos`.
  auto end_of_read = [&](std::size_t pos) { return *std::lower_bound(ends.begin(), ends.end(), pos); };

  std::set<std::size_t> cuts;
  std::size_t pos = 0, calls = 0;
  while (term && !CollectsEverything(*term)) {
    if (term->kind == TerminatorSpec::Kind::kCount) {
      const auto n = static_cast<std::size_t>(term->count);
      if (stream.size() - pos < n) break;
      pos += n;
      term->count = 0;  // what found_terminator() sees unless a reaction re-arms it
    } else {
      const std::size_t at = stream.find(term->text, pos);
      if (at == std::string::npos) break;
      pos = at + term->text.size();
    }
    bool closed = false;
    auto it = reactions.find(++calls);
    if (it == reactions.end()) continue;
    for (const Record* r : it->second) {
      const std::string& verb = r->args[2].text;
      if (verb == "set_terminator") {
        std::optional<TerminatorSpec> t = TerminatorFromArgs(r->args, 3);
        if (t && t->kind == TerminatorSpec::Kind::kCount && t->count < 0) {
          closed = true;  // ValueError out of found_terminator(): handle_error() closes
        } else if (t) {
          term = t;
        }
      } else if (verb == "discard_buffers") {
        pos = end_of_read(pos);
        cuts.insert(pos);
      } else if (verb == "close") {
        closed = true;
      }
      if (closed) break;
    }
    if (closed) {
      cuts.insert(end_of_read(pos));
      break;
    }
  }
  std::vector<std::size_t> out;
  for (std::size_t c : cuts) {
    if (c > 0 && c < stream.size()) out.push_back(c);
  }
  return out;
}

}  // namespace

std::vector<std::size_t> RequiredCuts(const traces::Trace& chunked) {
  std::optional<Shape> s = ShapeOf(chunked);
  if (!s || s->reads.empty()) return {};
  return CutsOf(*s);
}

traces::Trace WholeStreamOf(const traces::Trace& chunked) {
  traces::Trace whole = chunked;
  whole.records.clear();
  std::optional<Shape> s = ShapeOf(chunked);
  if (!s || s->reads.empty()) {
    for (const Record& r : chunked.records) {
      if (r.direction == Record::Direction::kInput) whole.records.push_back(r);
    }
    return whole;
  }
  std::string stream;
  for (const Record& r : s->reads) stream += r.args[0].text;
  std::vector<std::size_t> bounds = CutsOf(*s);
  bounds.push_back(stream.size());
  whole.records = s->setup;
  std::size_t from = 0, widest = 1;
  for (std::size_t to : bounds) {
    whole.records.push_back(ReadInput(stream.substr(from, to - from), s->reads.front().channel));
    widest = std::max(widest, to - from);
    from = to;
  }
  for (const Record& r : s->tail) whole.records.push_back(r);
  for (traces::ChannelConfig& c : whole.channels) {
    if (c.id == s->reads.front().channel && c.in_buffer && *c.in_buffer < widest) c.in_buffer = widest;
  }
  return whole;
}

}  // namespace conformance::properties
