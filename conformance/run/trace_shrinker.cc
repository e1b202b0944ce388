#include "conformance/run/trace_shrinker.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <set>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "traces/trace_format.h"

namespace conformance {
namespace {

using traces::Arg;
using traces::Record;
using traces::Trace;

// A channel without in_buffer gets the implementation's default; the documents
// say 4096 (the model's), CPython's code 65536. Merged reads stay within the
// smaller so the candidate is valid for every implementation.
constexpr std::size_t kDefaultInBuffer = 4096;

// Byte strings longer than this are only cut from either end (binary search on
// the length kept); shorter ones also lose inner blocks. Inner deletion over a
// long string costs about 2 * length attempts for little gain.
constexpr std::size_t kInnerDeletionLimit = 32;

bool IsInput(const Record& r) { return r.direction == Record::Direction::kInput; }

// The action a record performs: the record itself, or for a reaction
// ("on found_terminator N verb args...") the verb at 2 and args from 3;
// for "on connect verb args..." and "on handle_close verb args..." (format
// 2) the verb at 1 and args from 2.
struct ActionView {
  const std::string* verb;
  std::size_t first_arg;
};

bool IsFoundTerminatorReaction(const Record& r) {
  return r.verb == "on" && r.args.size() >= 3 && r.args[0].text == "found_terminator";
}

ActionView ActionOf(const Record& r) {
  if (IsFoundTerminatorReaction(r)) return {&r.args[2].text, 3};
  if (r.verb == "on" && r.args.size() >= 2) return {&r.args[1].text, 2};
  return {&r.verb, 0};
}

// The producer id this record queues (push_with_producer, direct or in a
// reaction); none for a push_with_producer of a bytes object (format 2),
// which needs no declaration.
std::optional<std::string> ProducerUse(const Record& r) {
  ActionView a = ActionOf(r);
  if (*a.verb == "push_with_producer" && r.args.size() > a.first_arg &&
      r.args[a.first_arg].kind == traces::Arg::Kind::kWord) {
    return r.args[a.first_arg].text;
  }
  return std::nullopt;
}

// Removes what no longer makes sense after records were dropped: uses of a
// producer not declared before them (the model rejects those), producer
// declarations nothing uses, and channels with no records. None of these
// removals can change what an implementation does with the rest, except the
// first, which only turns an invalid scenario into a valid one.
void Normalize(Trace& t) {
  std::set<std::string> declared;
  std::vector<Record> kept;
  kept.reserve(t.records.size());
  for (Record& r : t.records) {
    if (r.verb == "producer" && !r.args.empty()) declared.insert(r.args[0].text);
    if (auto use = ProducerUse(r); use && !declared.count(*use)) continue;
    kept.push_back(std::move(r));
  }
  std::set<std::string> used;
  for (const Record& r : kept) {
    if (auto use = ProducerUse(r)) used.insert(*use);
  }
  t.records.clear();
  std::set<std::string> channels_used;
  for (Record& r : kept) {
    if (r.verb == "producer" && !r.args.empty() && !used.count(r.args[0].text)) continue;
    channels_used.insert(r.channel);
    t.records.push_back(std::move(r));
  }
  std::erase_if(t.channels, [&](const traces::ChannelConfig& c) { return !channels_used.count(c.id); });
}

std::size_t InBufferLimit(const Trace& t, const std::string& channel) {
  const traces::ChannelConfig* c = t.FindChannel(channel);
  return c && c->in_buffer ? *c->in_buffer : kDefaultInBuffer;
}

std::size_t LongestRead(const Trace& t, const std::string& channel) {
  std::size_t longest = 0;
  for (const Record& r : t.records) {
    if (r.channel == channel && r.verb == "read" && !r.args.empty() && r.args[0].kind == Arg::Kind::kBytes) {
      longest = std::max(longest, r.args[0].text.size());
    }
  }
  return longest;
}

bool IsDataRead(const Record& r) {
  return r.verb == "read" && r.args.size() == 1 && r.args[0].kind == Arg::Kind::kBytes;
}

std::optional<long long> ParseLong(const std::string& s) {
  long long v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

// A number inside a record that can be lowered: where it is and its floor.
struct NumberSlot {
  std::size_t arg;
  std::string prefix;  // "int:" for integer terminators, "" otherwise
  long long floor;
};

std::vector<NumberSlot> NumberSlots(const Record& r) {
  std::vector<NumberSlot> slots;
  if (r.verb == "send_budget") slots.push_back({0, "", 0});
  if (IsFoundTerminatorReaction(r)) slots.push_back({1, "", 1});  // call numbers start at 1
  ActionView a = ActionOf(r);
  if (*a.verb == "set_terminator" && r.args.size() > a.first_arg &&
      r.args[a.first_arg].text.rfind("int:", 0) == 0) {
    // A negative count is its own behaviour (refused); lower it only to -1.
    std::optional<long long> v = ParseLong(r.args[a.first_arg].text.substr(4));
    slots.push_back({a.first_arg, "int:", v && *v < 0 ? -1 : 0});
  }
  return slots;
}

class Shrinker {
 public:
  Shrinker(Trace start, const std::function<bool(const Trace&)>& still_fails, const ShrinkOptions& options)
      : current_(std::move(start)), still_fails_(still_fails), options_(options) {
    seen_.insert(Key(current_));
  }

  Trace Run() {
    bool changed = true;
    while (changed && !OutOfBudget()) {
      changed = false;
      // Biggest reductions first: a stream delivered in many small reads
      // becomes a few (which makes every later step cheaper), then whole
      // records go, then contents shrink.
      changed |= MergeAllReads();
      changed |= DropBlocks();
      changed |= DropEmptyReads();
      changed |= MergeReads();
      changed |= DropProducerChunks();
      changed |= InlineReactions();
      changed |= LowerIntTerminators();
      changed |= ShortenBytes();
      changed |= LowerNumbers();
      changed |= SimplifyChannels();
    }
    return std::move(current_);
  }

  const ShrinkStats& stats() const { return stats_; }

 private:
  static std::string Key(const Trace& t) {
    Trace bare;
    bare.channels = t.channels;
    bare.records = t.records;
    return traces::FormatTrace(bare);
  }

  bool OutOfBudget() {
    if (stats_.attempts < options_.max_attempts) return false;
    stats_.exhausted = true;
    return true;
  }

  // Asks the predicate about `candidate` (normalized); adopts it if it still fails.
  bool Try(Trace candidate) {
    Normalize(candidate);
    if (candidate.records.empty()) return false;  // nothing left to show
    std::string key = Key(candidate);
    if (!seen_.insert(key).second) return false;
    if (OutOfBudget()) return false;
    ++stats_.attempts;
    if (!still_fails_(candidate)) return false;
    ++stats_.accepted;
    current_ = std::move(candidate);
    return true;
  }

  bool DropBlocks() {
    bool changed = false;
    for (std::size_t k = std::max<std::size_t>(1, current_.records.size() / 2);; k /= 2) {
      std::size_t i = 0;
      while (i < current_.records.size() && !OutOfBudget()) {
        Trace c = current_;
        auto first = c.records.begin() + static_cast<std::ptrdiff_t>(i);
        c.records.erase(first, first + static_cast<std::ptrdiff_t>(std::min(k, c.records.size() - i)));
        if (Try(std::move(c))) {
          changed = true;  // the next block now starts at i
        } else {
          i += k;
        }
      }
      if (k <= 1) break;
    }
    return changed;
  }

  bool DropEmptyReads() {
    bool changed = false;
    for (std::size_t i = 0; i < current_.records.size();) {
      const Record& r = current_.records[i];
      if (IsDataRead(r) && r.args[0].text.empty()) {
        Trace c = current_;
        c.records.erase(c.records.begin() + static_cast<std::ptrdiff_t>(i));
        if (Try(std::move(c))) {
          changed = true;
          continue;
        }
      }
      ++i;
    }
    return changed;
  }

  // One candidate: every run of adjacent reads of a channel packed into as
  // few reads as its in_buffer allows.
  bool MergeAllReads() {
    Trace c = current_;
    std::vector<Record> merged;
    for (Record& r : c.records) {
      if (!merged.empty() && IsDataRead(r) && IsDataRead(merged.back()) && merged.back().channel == r.channel &&
          merged.back().args[0].text.size() + r.args[0].text.size() <= InBufferLimit(c, r.channel)) {
        merged.back().args[0].text += r.args[0].text;
        continue;
      }
      merged.push_back(std::move(r));
    }
    if (merged.size() == current_.records.size()) return false;
    c.records = std::move(merged);
    return Try(std::move(c));
  }

  bool MergeReads() {
    bool changed = false;
    for (std::size_t i = 0; i + 1 < current_.records.size();) {
      const Record& a = current_.records[i];
      const Record& b = current_.records[i + 1];
      if (IsDataRead(a) && IsDataRead(b) && a.channel == b.channel &&
          a.args[0].text.size() + b.args[0].text.size() <= InBufferLimit(current_, a.channel)) {
        Trace c = current_;
        c.records[i].args[0].text += b.args[0].text;
        c.records.erase(c.records.begin() + static_cast<std::ptrdiff_t>(i + 1));
        if (Try(std::move(c))) {
          changed = true;
          continue;  // try merging the next read into this one too
        }
      }
      ++i;
    }
    return changed;
  }

  bool DropProducerChunks() {
    bool changed = false;
    for (std::size_t i = 0; i < current_.records.size(); ++i) {
      if (current_.records[i].verb != "producer") continue;
      for (std::size_t a = 1; a < current_.records[i].args.size();) {
        Trace c = current_;
        c.records[i].args.erase(c.records[i].args.begin() + static_cast<std::ptrdiff_t>(a));
        if (Try(std::move(c))) {
          changed = true;
        } else {
          ++a;
        }
      }
    }
    return changed;
  }

  // Replaces byte string (record i, arg a) by `text` in a candidate.
  bool TryBytes(std::size_t i, std::size_t a, std::string text) {
    Trace c = current_;
    c.records[i].args[a].text = std::move(text);
    return Try(std::move(c));
  }

  const std::string& BytesAt(std::size_t i, std::size_t a) const { return current_.records[i].args[a].text; }

  bool ShortenOne(std::size_t i, std::size_t a) {
    bool changed = false;
    // Keep a prefix: binary search on its length (the failure usually needs
    // "at least so many bytes").
    for (std::size_t lo = 0, hi = BytesAt(i, a).size(); lo < hi && !OutOfBudget();) {
      std::size_t mid = lo + (hi - lo) / 2;
      if (TryBytes(i, a, BytesAt(i, a).substr(0, mid))) {
        changed = true;
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    // Keep a suffix, the same way.
    for (std::size_t lo = 0, hi = BytesAt(i, a).size(); lo < hi && !OutOfBudget();) {
      std::size_t mid = lo + (hi - lo) / 2;
      const std::string& s = BytesAt(i, a);
      if (TryBytes(i, a, s.substr(s.size() - mid))) {
        changed = true;
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    // Inner blocks: every size from half the string down to one byte while it
    // is short; a long one loses blocks down to 1/kInnerDeletionLimit of its
    // length (about 2 * kInnerDeletionLimit attempts), after which it is
    // usually short enough for the fine steps in a later round.
    const std::size_t size = BytesAt(i, a).size();
    const std::size_t smallest_block = size > kInnerDeletionLimit ? size / kInnerDeletionLimit : 1;
    for (std::size_t k = std::max<std::size_t>(1, size / 2); k >= smallest_block; k /= 2) {
      for (std::size_t j = 0; j < BytesAt(i, a).size() && !OutOfBudget();) {
        std::string s = BytesAt(i, a);
        s.erase(j, k);
        if (TryBytes(i, a, std::move(s))) {
          changed = true;
        } else {
          j += k;
        }
      }
      if (k <= 1) break;
    }
    return changed;
  }

  bool ShortenBytes() {
    bool changed = false;
    for (std::size_t i = 0; i < current_.records.size(); ++i) {
      for (std::size_t a = 0; a < current_.records[i].args.size(); ++a) {
        if (current_.records[i].args[a].kind == Arg::Kind::kBytes && !BytesAt(i, a).empty()) {
          changed |= ShortenOne(i, a);
        }
      }
    }
    return changed;
  }

  // A reaction ("on found_terminator N action") made a direct input: the
  // action alone, placed right after one of the channel's later data reads
  // (where the N-th found_terminator likely happened) or at the end. The
  // terminator and the read that only served to trigger it can then go.
  // A candidate the format would refuse is never asked about.
  bool InlineReactions() {
    bool changed = false;
    for (std::size_t i = 0; i < current_.records.size(); ++i) {
      const Record& r = current_.records[i];
      // Only found_terminator's: an action inside handle_connect or
      // handle_close does something else as a direct input.
      if (!IsFoundTerminatorReaction(r)) continue;
      Record direct{Record::Direction::kInput, r.channel, r.args[2].text,
                    std::vector<Arg>(r.args.begin() + 3, r.args.end()), 0};
      std::vector<std::size_t> places;  // insert before this index of the trace without record i
      for (std::size_t j = i + 1; j < current_.records.size(); ++j) {
        if (current_.records[j].channel == r.channel && IsDataRead(current_.records[j])) places.push_back(j);
      }
      places.push_back(current_.records.size() - 1);
      for (std::size_t at : places) {
        Trace c = current_;
        c.records.erase(c.records.begin() + static_cast<std::ptrdiff_t>(i));
        c.records.insert(c.records.begin() + static_cast<std::ptrdiff_t>(at), direct);
        try {
          traces::ParseTrace(traces::FormatTrace(c), "candidate");
        } catch (const std::exception&) {
          continue;
        }
        if (Try(std::move(c))) {
          changed = true;
          break;
        }
      }
    }
    return changed;
  }

  // How CutReadBytes takes bytes out of the reads after a record.
  enum class Cut { kEndOfLast, kStartOfFirst, kEndOfEach };

  // Removes `count` bytes from the data reads of `channel` after record
  // `after`: from the end of the last ones, from the start of the first
  // ones, or from the end of the `nth` one and then of the ones after it (the
  // later reads stay, as a split delivery needs them). False if they hold
  // fewer bytes.
  static bool CutReadBytes(Trace& c, std::size_t after, const std::string& channel, std::size_t count, Cut how,
                           std::size_t nth = 0) {
    std::vector<std::size_t> reads;
    for (std::size_t j = after + 1; j < c.records.size(); ++j) {
      if (c.records[j].channel == channel && IsDataRead(c.records[j])) reads.push_back(j);
    }
    if (how == Cut::kEndOfEach) {
      if (nth >= reads.size()) return false;
      reads.erase(reads.begin(), reads.begin() + static_cast<std::ptrdiff_t>(nth));
    }
    std::size_t total = 0;
    for (std::size_t j : reads) total += c.records[j].args[0].text.size();
    if (total < count) return false;
    const bool from_end = how != Cut::kStartOfFirst;
    if (how == Cut::kEndOfLast) std::reverse(reads.begin(), reads.end());
    for (std::size_t j : reads) {
      if (count == 0) break;
      std::string& text = c.records[j].args[0].text;
      std::size_t n = std::min(count, text.size());
      text = from_end ? text.substr(0, text.size() - n) : text.substr(n);
      count -= n;
    }
    return true;
  }

  // An integer terminator counts bytes the failure usually needs all of
  // ("found exactly at the end"), so lowering it alone, or cutting the read
  // alone, fails differently. Each lower count (1, half, one less) is tried
  // alone and with as many bytes cut from the channel's later reads, from
  // their end or their start.
  bool LowerIntTerminators() {
    bool changed = false;
    for (std::size_t i = 0; i < current_.records.size(); ++i) {
      for (bool again = true; again && !OutOfBudget();) {
        again = false;
        const Record& r = current_.records[i];
        ActionView view = ActionOf(r);
        if (*view.verb != "set_terminator" || r.args.size() <= view.first_arg ||
            r.args[view.first_arg].text.rfind("int:", 0) != 0) {
          break;
        }
        const std::size_t arg = view.first_arg;
        std::optional<long long> v = ParseLong(r.args[arg].text.substr(4));
        if (!v || *v <= 1) break;
        std::vector<long long> targets;
        for (long long n : {1LL, *v / 2, *v - 1}) {
          if (n >= 1 && n < *v && std::find(targets.begin(), targets.end(), n) == targets.end()) targets.push_back(n);
        }
        for (long long n : targets) {
          const std::size_t cut = static_cast<std::size_t>(*v - n);
          // 0: the count alone; 1, 2: cut from the end of the last reads or
          // the start of the first; 3...: from the end of the 1st, 2nd, ...
          // read after it (at most kCutReads of them).
          constexpr int kCutReads = 4;
          for (int how = 0; how < 3 + kCutReads && !again; ++how) {
            Trace c = current_;
            c.records[i].args[arg].text = "int:" + std::to_string(n);
            const std::string& channel = c.records[i].channel;
            if (how == 1 && !CutReadBytes(c, i, channel, cut, Cut::kEndOfLast)) continue;
            if (how == 2 && !CutReadBytes(c, i, channel, cut, Cut::kStartOfFirst)) continue;
            if (how >= 3 && !CutReadBytes(c, i, channel, cut, Cut::kEndOfEach, static_cast<std::size_t>(how - 3))) {
              continue;
            }
            again = Try(std::move(c));
          }
          if (again) break;
        }
        changed |= again;
      }
    }
    return changed;
  }

  // Binary search for the lowest value in [floor, value) that still fails;
  // `make(v)` builds the candidate.
  template <typename Make>
  bool LowerNumber(long long floor, long long value, Make make) {
    bool changed = false;
    for (long long lo = floor, hi = value; lo < hi && !OutOfBudget();) {
      long long mid = lo + (hi - lo) / 2;
      if (Try(make(mid))) {
        changed = true;
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return changed;
  }

  bool LowerNumbers() {
    bool changed = false;
    for (std::size_t i = 0; i < current_.records.size(); ++i) {
      for (const NumberSlot& slot : NumberSlots(current_.records[i])) {
        std::optional<long long> v = ParseLong(current_.records[i].args[slot.arg].text.substr(slot.prefix.size()));
        if (!v || *v <= slot.floor) continue;
        changed |= LowerNumber(slot.floor, *v, [&](long long n) {
          Trace c = current_;
          c.records[i].args[slot.arg].text = slot.prefix + std::to_string(n);
          return c;
        });
      }
    }
    return changed;
  }

  bool SimplifyChannels() {
    bool changed = false;
    for (std::size_t k = 0; k < current_.channels.size(); ++k) {
      const std::string id = current_.channels[k].id;
      auto channel = [&](Trace& c) -> traces::ChannelConfig& { return c.channels[k]; };
      // Defaults would make the scenario depend on the implementation's
      // default buffer sizes (4096 or 65536), so buffers are lowered, never
      // unset; a send cap and a pending connect can simply go.
      if (current_.channels[k].send_cap) {
        Trace c = current_;
        channel(c).send_cap.reset();
        if (Try(std::move(c))) {
          changed = true;
        } else {
          changed |= LowerNumber(1, static_cast<long long>(*current_.channels[k].send_cap), [&](long long n) {
            Trace c2 = current_;
            channel(c2).send_cap = static_cast<std::size_t>(n);
            return c2;
          });
        }
      }
      if (!current_.channels[k].connected) {
        Trace c = current_;
        channel(c).connected = true;
        changed |= Try(std::move(c));
      }
      if (current_.channels[k].in_buffer) {
        long long floor = static_cast<long long>(std::max<std::size_t>(1, LongestRead(current_, id)));
        changed |= LowerNumber(floor, static_cast<long long>(*current_.channels[k].in_buffer), [&](long long n) {
          Trace c = current_;
          channel(c).in_buffer = static_cast<std::size_t>(n);
          return c;
        });
      }
      if (current_.channels[k].out_buffer) {
        changed |= LowerNumber(1, static_cast<long long>(*current_.channels[k].out_buffer), [&](long long n) {
          Trace c = current_;
          channel(c).out_buffer = static_cast<std::size_t>(n);
          return c;
        });
      }
    }
    return changed;
  }

  Trace current_;
  const std::function<bool(const Trace&)>& still_fails_;
  ShrinkOptions options_;
  ShrinkStats stats_;
  std::unordered_set<std::string> seen_;
};

}  // namespace

int CountInputs(const traces::Trace& trace) {
  return static_cast<int>(std::count_if(trace.records.begin(), trace.records.end(), IsInput));
}

traces::Trace Shrink(const traces::Trace& failing, const std::function<bool(const traces::Trace&)>& still_fails,
                     const ShrinkOptions& options, ShrinkStats* stats) {
  Trace start = failing;
  std::erase_if(start.records, [](const Record& r) { return !IsInput(r); });
  for (Record& r : start.records) r.line = 0;  // lines of the original file mean nothing once records move
  Normalize(start);
  Shrinker shrinker(std::move(start), still_fails, options);
  Trace result = shrinker.Run();
  if (stats) *stats = shrinker.stats();
  return result;
}

}  // namespace conformance
