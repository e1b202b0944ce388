// The named cases are well-formed and mean what they say:
//  - ids unique, sorted, of the form area.topic.variant[...];
//  - metadata complete (one-line description, clauses cited, known tags);
//  - scenarios hold only '>' inputs, print and parse back unchanged, need only
//    known capabilities and never read more than a channel's in_buffer;
//  - generated families cover what their ids promise (every offset);
//  - the C++ reference runs every case it can, and reproduces every
//    transcript taken from a document.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "conformance/driver/capabilities.h"
#include "conformance/cases/case.h"
#include "conformance/cases/tags.h"
#include "conformance/model/chat_model.h"
#include "reference/harness/reference_replay.h"
#include "reference/harness/reference_session.h"
#include "traces/observables.h"
#include "traces/trace_compare.h"
#include "traces/trace_format.h"

namespace conformance {
namespace {

using traces::Record;

bool HasTag(const Case& c, const std::string& tag) {
  return std::find(c.tags.begin(), c.tags.end(), tag) != c.tags.end();
}

const Case* Find(const std::string& id) {
  for (const Case& c : AllCases()) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

std::string Area(const std::string& id) { return id.substr(0, id.find('.')); }

// area.topic.variant[...]: at least three non-empty parts; the area lower
// case, the rest [A-Za-z0-9_] (errno names stay upper case). Hand-written:
// std::regex trips GCC 12's -Wmaybe-uninitialized under the asan config.
bool WellFormedId(const std::string& id) {
  std::vector<std::string> parts{""};
  for (char ch : id) {
    if (ch == '.') parts.emplace_back();
    else parts.back() += ch;
  }
  if (parts.size() < 3) return false;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (parts[i].empty()) return false;
    for (char ch : parts[i]) {
      bool lower = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
      bool upper = ch >= 'A' && ch <= 'Z';
      if (!lower && !(upper && i > 0)) return false;
    }
  }
  return parts[0][0] >= 'a' && parts[0][0] <= 'z';
}

bool CitesEchoExample(const Case& c) {
  return std::any_of(c.clauses.begin(), c.clauses.end(),
                     [](const std::string& id) { return id.rfind("example.echo.", 0) == 0; });
}

// The reference has no text type to push: such cases run only on adapters.
bool PushesText(const traces::Trace& t) { return !harness::ReferenceCannotReplay(t).empty(); }

std::string ReadBytes(const Case& c, const std::string& channel) {
  std::string out;
  for (const Record& r : c.scenario.records) {
    if (r.channel == channel && r.verb == "read" && r.args[0].kind == traces::Arg::Kind::kBytes) out += r.args[0].text;
  }
  return out;
}

TEST(Cases, ThereAreAFewHundredInEveryArea) {
  std::map<std::string, int> per_area;
  for (const Case& c : AllCases()) ++per_area[Area(c.id)];
  EXPECT_GE(AllCases().size(), 300u);
  for (const char* area : {"close", "connect", "defaults", "documented", "error", "fault", "integer", "none",
                           "observe", "output", "poll", "producer", "reaction", "send", "terminator", "push",
                           "listener"}) {
    EXPECT_GE(per_area[area], 5) << area;
  }
  EXPECT_GE(per_area["log"], 4);
  EXPECT_EQ(per_area.size(), 18u) << "an area nobody listed in README.md";
}

TEST(Cases, IdCheckRejectsMalformedIds) {
  EXPECT_TRUE(WellFormedId("send.error.other.EIO"));
  EXPECT_TRUE(WellFormedId("terminator.string.straddle3.abab.2_7"));
  EXPECT_FALSE(WellFormedId("connect.once"));
  EXPECT_FALSE(WellFormedId("Send.error.EIO"));
  EXPECT_FALSE(WellFormedId("send..error"));
  EXPECT_FALSE(WellFormedId("send.error.e-io"));
  EXPECT_FALSE(WellFormedId("1send.error.eio"));
}

TEST(Cases, IdsAreUniqueSortedAndWellFormed) {
  const std::vector<Case>& all = AllCases();
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_TRUE(WellFormedId(all[i].id)) << all[i].id;
    if (i > 0) {
      EXPECT_LT(all[i - 1].id, all[i].id) << "duplicate or unsorted id";
    }
  }
}

TEST(Cases, MetadataIsComplete) {
  for (const Case& c : AllCases()) {
    EXPECT_FALSE(c.description.empty()) << c.id;
    EXPECT_EQ(c.description.find('\n'), std::string::npos) << c.id;
    EXPECT_FALSE(c.clauses.empty()) << c.id;  // which ones: clause_coverage_test
    EXPECT_FALSE(c.tags.empty()) << c.id;
    std::set<std::string> seen;
    for (const std::string& t : c.tags) {
      EXPECT_TRUE(cases::KnownTags().count(t)) << c.id << ": unknown tag " << t;
      EXPECT_TRUE(seen.insert(t).second) << c.id << ": tag twice " << t;
    }
    // Only a document may supply an expected transcript: PyMOTW's printed echo run.
    EXPECT_EQ(c.expected.has_value(), HasTag(c, "documented") && CitesEchoExample(c)) << c.id;
    EXPECT_EQ(c.scenario.profile, c.profile) << c.id;
    EXPECT_EQ(c.scenario.description, c.description) << c.id;
  }
}

TEST(Cases, ScenariosAreInputsOnlyAndRoundTrip) {
  for (const Case& c : AllCases()) {
    ASSERT_FALSE(c.scenario.channels.empty()) << c.id;
    ASSERT_FALSE(c.scenario.records.empty()) << c.id;
    for (const Record& r : c.scenario.records) {
      EXPECT_EQ(r.direction, Record::Direction::kInput) << c.id << ": " << traces::FormatRecord(r);
    }
    std::string text = traces::FormatTrace(c.scenario);
    traces::Trace back = traces::ParseTrace(text, c.id);
    EXPECT_EQ(traces::FormatTrace(back), text) << c.id;
    ASSERT_EQ(back.records.size(), c.scenario.records.size()) << c.id;
    for (std::size_t i = 0; i < back.records.size(); ++i) {
      EXPECT_TRUE(back.records[i].SameAs(c.scenario.records[i])) << c.id << ": " << traces::FormatRecord(back.records[i]);
    }
    EXPECT_EQ(back.profile, c.profile) << c.id;
  }
}

TEST(Cases, NeedOnlyKnownCapabilities) {
  std::set<std::string> used;
  for (const Case& c : AllCases()) {
    for (const std::string& cap : RequiredCapabilities(c.scenario)) {
      EXPECT_TRUE(AllCapabilities().count(cap)) << c.id << ": " << cap;
      used.insert(cap);
    }
  }
  // Every capability is exercised by some case, so an adapter lacking one
  // sees which cases it misses; asyncore_apps by the checked-in traces
  // trace.asyncore.* only (the model, which gives named cases their expected
  // records, is of async_chat).
  std::set<std::string> expected = AllCapabilities();
  expected.erase("asyncore_apps");
  EXPECT_EQ(used, expected);
}

TEST(Cases, ReadsFitTheChannelsInBuffer) {
  for (const Case& c : AllCases()) {
    for (const Record& r : c.scenario.records) {
      if (r.verb != "read" || r.args[0].kind != traces::Arg::Kind::kBytes) continue;
      const traces::ChannelConfig* ch = c.scenario.FindChannel(r.channel);
      ASSERT_NE(ch, nullptr) << c.id;
      // Without in_buffer= a channel has the implementation's default, which
      // the documents say is 4096.
      EXPECT_LE(r.args[0].text.size(), ch->in_buffer.value_or(4096)) << c.id << ": " << traces::FormatRecord(r);
      EXPECT_FALSE(r.args[0].text.empty()) << c.id << ": an empty read is eof, write it so";
    }
  }
}

TEST(Cases, StraddleFamiliesCutEveryOffset) {
  std::map<std::string, std::set<std::string>> streams;  // family -> the read streams of its cases
  std::map<std::string, std::set<std::size_t>> offsets;  // family -> first-read lengths
  for (const Case& c : AllCases()) {
    if (c.id.rfind("terminator.string.straddle.", 0) != 0) continue;
    std::string family = c.id.substr(0, c.id.rfind('.'));
    streams[family].insert(ReadBytes(c, "c"));
    const std::string last = c.id.substr(c.id.rfind('.') + 1);
    if (last != "bytes" && last != "whole") {
      ASSERT_EQ(std::count_if(c.scenario.records.begin(), c.scenario.records.end(),
                              [](const Record& r) { return r.verb == "read"; }),
                2)
          << c.id;
      for (const Record& r : c.scenario.records) {
        if (r.verb == "read") {
          offsets[family].insert(r.args[0].text.size());
          EXPECT_EQ(std::to_string(r.args[0].text.size()), last) << c.id;
          break;
        }
      }
    }
  }
  EXPECT_GE(streams.size(), 9u);
  for (const auto& [family, s] : streams) {
    ASSERT_EQ(s.size(), 1u) << family << ": its cases deliver different streams";
    const std::size_t n = s.begin()->size();
    EXPECT_EQ(offsets[family].size(), n - 1) << family;
  }
}

TEST(Cases, PartialSendFamilyCoversEveryByteOfEveryItem) {
  for (const auto& [item, length] : std::vector<std::pair<std::string, int>>{{"abc", 3}, {"defgh", 5}, {"ij", 2}, {"k", 1}}) {
    for (int k = 0; k < length; ++k) {
      EXPECT_NE(Find("send.partial.queue." + item + "." + std::to_string(k)), nullptr) << item << " " << k;
    }
    EXPECT_EQ(Find("send.partial.queue." + item + "." + std::to_string(length)), nullptr) << item;
  }
}

// The fault families (fault_cases.cc) put their fault at every point they
// claim: every byte offset of every offer of the short-write queue with both
// out_buffer sizes, before every read and send, after every prefix of the
// end-of-file streams, and every disconnect errno of asyncore's _DISCONNECTED
// on both recv and send.
TEST(Cases, FaultFamiliesCoverEveryPoint) {
  const std::vector<std::pair<std::string, std::vector<std::string>>> offers = {
      {"default", {"abcdefg", "hi", "jklmn", "o", "pq"}},
      {"ob3", {"abc", "def", "g", "hi", "jkl", "mn", "o", "pq"}}};
  for (const auto& [size, list] : offers) {
    for (const std::string& offer : list) {
      for (const char* family : {"fault.short_write.", "fault.short_write_semantic."}) {
        const std::string stem = family + size + "." + offer + ".";
        for (std::size_t k = 0; k < offer.size(); ++k) {
          EXPECT_NE(Find(stem + std::to_string(k)), nullptr) << stem << k;
        }
        EXPECT_EQ(Find(stem + std::to_string(offer.size())), nullptr) << stem;
      }
    }
  }
  for (int k = 0; k <= 5; ++k) EXPECT_NE(Find("fault.wouldblock.recv.at." + std::to_string(k)), nullptr) << k;
  for (int k = 0; k < 4; ++k) EXPECT_NE(Find("fault.wouldblock.send.at." + std::to_string(k)), nullptr) << k;
  for (int k = 0; k <= 10; ++k) EXPECT_NE(Find("fault.eof.string.after." + std::to_string(k)), nullptr) << k;
  for (int k = 0; k <= 9; ++k) EXPECT_NE(Find("fault.eof.integer.after." + std::to_string(k)), nullptr) << k;
  for (const char* e : {"ECONNRESET", "EPIPE", "ENOTCONN", "ESHUTDOWN", "ECONNABORTED", "EBADF"}) {
    EXPECT_NE(Find(std::string("fault.disconnect.recv.") + e), nullptr) << e;
    EXPECT_NE(Find(std::string("fault.disconnect.send.") + e), nullptr) << e;
  }
}

TEST(Cases, KnownDifferencesHaveCases) {
  // One case at least for each difference the reports must show.
  for (const char* id : {
           "connect.queue.close_when_done_first",    // medusa: close_when_done closes at once
           "output.push.large.1000",                 // medusa: 512-byte pieces
           "send.cap.no_coalescing",                 // medusa: queued items coalesce
           "output.push_typed.bytearray",            // medusa: bytearray push fails
           "integer.negative.refused.1",             // medusa: negative accepted
           "error.recv.wouldblock.idle",             // medusa: would-block reaches handle_error
           "output.push_typed.str",                  // CPython refuses text
       }) {
    const Case* c = Find(id);
    ASSERT_NE(c, nullptr) << id;
    EXPECT_TRUE(HasTag(*c, "medusa")) << id;
  }
  const Case* divergence = Find("defaults.out_buffer.push.5000");
  ASSERT_NE(divergence, nullptr);
  EXPECT_TRUE(HasTag(*divergence, "cpython-divergence"));
}

TEST(Cases, DocumentedEchoRunIsTheOnePrinted) {
  // The collect sizes of PyMOTW's printed run, from the expected transcript.
  const Case* c = Find("documented.echo.full");
  ASSERT_NE(c, nullptr);
  ASSERT_TRUE(c->expected);
  std::map<std::string, std::vector<std::string>> seen;
  for (const Record& r : *c->expected) {
    if (r.verb == "collect") seen[r.channel].push_back(std::to_string(r.args[0].text.size()));
    if (r.verb == "found_terminator") seen[r.channel].push_back("found");
  }
  EXPECT_EQ(seen["h"], (std::vector<std::string>{"8", "found", "55", "64", "47", "found"}));
  EXPECT_EQ(seen["c"], (std::vector<std::string>{"64", "64", "38", "found"}));
}

TEST(Cases, EchoClientSetupInHandleConnectGivesThePrintedRun) {
  // PyMOTW's client pushes from handle_connect; as handle_connect runs
  // before the channel counts as connected, the run's outputs (version-1
  // observables: the printed run is a version-1 trace) are the printed ones.
  const Case* printed = Find("documented.echo.full");
  const Case* in_connect = Find("documented.echo.client_setup_in_handle_connect");
  ASSERT_NE(printed, nullptr);
  ASSERT_NE(in_connect, nullptr);
  ASSERT_TRUE(printed->expected);
  EXPECT_EQ(in_connect->scenario.version, 2);
  auto outputs = [](const std::vector<Record>& records) {
    std::vector<std::string> out;
    for (const Record& r : records) {
      if (r.direction == Record::Direction::kOutput) out.push_back(traces::FormatRecord(r));
    }
    return out;
  };
  const std::vector<Record> run = traces::ObservableAt(RunModel(in_connect->scenario), 1, in_connect->scenario);
  EXPECT_EQ(outputs(run), outputs(*printed->expected));
}

TEST(Cases, ReferenceRunsEveryCaseAndReproducesTheDocuments) {
  int ran = 0, compared = 0;
  for (const Case& c : AllCases()) {
    if (PushesText(c.scenario)) continue;
    std::vector<Record> transcript;
    try {
      transcript = harness::ReplayOnReference(c.scenario);
    } catch (const traces::TraceError& e) {
      ADD_FAILURE() << c.id << ": " << e.what();
      continue;
    }
    ++ran;
    if (!c.expected) continue;
    traces::Trace expected = c.scenario;
    expected.records = *c.expected;
    auto mismatch = traces::CompareTranscript(expected, transcript, c.profile);
    EXPECT_FALSE(mismatch) << c.id << ": " << mismatch->message;
    ++compared;
  }
  EXPECT_GE(ran, 300);
  EXPECT_GE(compared, 10);
}

TEST(Cases, ReferenceAgreesWithTheExpectedTranscript) {
  int compared = 0;
  for (const Case& c : AllCases()) {
    traces::Trace expected = c.scenario;
    try {
      // The model runs every case, text pushes included.
      std::vector<Record> model = RunModel(c.scenario);
      expected.records = c.expected ? *c.expected : model;
    } catch (const traces::TraceError& e) {
      ADD_FAILURE() << c.id << ": the model refuses the scenario: " << e.what();
      continue;
    }
    if (PushesText(c.scenario)) continue;
    auto mismatch = traces::CompareTranscript(expected, harness::ReplayOnReference(c.scenario), c.profile);
    EXPECT_FALSE(mismatch) << c.id << ": " << mismatch->message;
    ++compared;
  }
  EXPECT_GE(compared, 300);
}

}  // namespace
}  // namespace conformance
