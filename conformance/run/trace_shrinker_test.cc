#include "conformance/run/trace_shrinker.h"

#include <gtest/gtest.h>

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "traces/trace_format.h"

namespace conformance {
namespace {

using traces::Record;
using traces::Trace;

Trace Parse(const std::string& body) { return traces::ParseTrace("asynchat-trace 1\n" + body, "test"); }

// The records of a trace as text, one per line, for exact comparisons.
std::string Records(const Trace& t) {
  std::string out;
  for (const Record& r : t.records) out += traces::FormatRecord(r) + "\n";
  return out;
}

std::string AllReadBytes(const Trace& t) {
  std::string s;
  for (const Record& r : t.records) {
    if (r.verb == "read" && r.args[0].kind == traces::Arg::Kind::kBytes) s += r.args[0].text;
  }
  return s;
}

// Every candidate must be a scenario the model accepts: no producer used
// before its declaration, no read longer than its channel's in_buffer, every
// record's channel declared.
void ExpectValid(const Trace& t) {
  std::set<std::string> producers;
  for (const Record& r : t.records) {
    const traces::ChannelConfig* c = t.FindChannel(r.channel);
    ASSERT_NE(c, nullptr) << "undeclared channel " << r.channel;
    if (r.verb == "producer") producers.insert(r.args[0].text);
    if (r.verb == "push_with_producer" && r.args[0].kind == traces::Arg::Kind::kWord) {
      EXPECT_TRUE(producers.count(r.args[0].text)) << traces::FormatRecord(r);
    }
    if (r.verb == "on" && r.args[2].text == "push_with_producer") {
      EXPECT_TRUE(producers.count(r.args[3].text)) << traces::FormatRecord(r);
    }
    if (r.verb == "read" && r.args[0].kind == traces::Arg::Kind::kBytes && c->in_buffer) {
      EXPECT_LE(r.args[0].text.size(), *c->in_buffer) << traces::FormatRecord(r);
    }
  }
  // Reparsing the written form proves every record is well-formed.
  EXPECT_NO_THROW(traces::ParseTrace(traces::FormatTrace(t), "candidate"));
}

TEST(TraceShrinker, ReachesTheSingleReadThatShowsTheBug) {
  // A synthetic bug: anything that ever receives "xy" (in any chunking) fails.
  Trace failing = Parse(
      "channel c in_buffer=16\nchannel d\n"
      "> c set_terminator str:\"\\r\\n\"\n"
      "> d push \"unrelated\"\n"
      "> c read \"aaaa\"\n"
      "> c read \"bbx\"\n"
      "> c push \"hello\"\n"
      "> c read \"ycc\\r\\n\"\n"
      "< c collect \"aaaa\"\n"
      "> c producer p \"one\" \"two\"\n"
      "> c push_with_producer p\n"
      "> c read \"dddd\"\n"
      "> c close_when_done\n");
  std::set<std::string> asked;
  ShrinkStats stats;
  Trace result = Shrink(
      failing,
      [&](const Trace& t) {
        ExpectValid(t);
        EXPECT_TRUE(asked.insert(traces::FormatTrace(t)).second) << "asked twice:\n" << traces::FormatTrace(t);
        return AllReadBytes(t).find("xy") != std::string::npos;
      },
      {}, &stats);
  EXPECT_EQ(Records(result), "> c read \"xy\"\n");
  ASSERT_EQ(result.channels.size(), 1u);  // d is used by nothing any more
  EXPECT_EQ(result.channels[0].id, "c");
  EXPECT_EQ(result.channels[0].in_buffer, 2u);  // lowered to the longest read
  EXPECT_FALSE(stats.exhausted);
  EXPECT_GT(stats.accepted, 0);
  EXPECT_EQ(stats.attempts, static_cast<int>(asked.size()));
}

TEST(TraceShrinker, MergesAdjacentReadsAndDropsEmptyOnes) {
  // A bug seen whenever "abc" arrives, in any chunking: the minimal
  // counterexample is one read, without the empty ones around it.
  Trace failing = Parse(
      "channel c\n> c read \"\"\n> c read \"a\"\n> c read \"\"\n> c read \"b\"\n> c read \"c\"\n> c read \"\"\n");
  Trace result = Shrink(failing, [](const Trace& t) { return AllReadBytes(t) == "abc"; });
  EXPECT_EQ(Records(result), "> c read \"abc\"\n");
}

TEST(TraceShrinker, MergedReadsStayWithinInBuffer) {
  Trace failing = Parse("channel c in_buffer=2\n> c read \"ab\"\n> c read \"cd\"\n");
  Trace result = Shrink(failing, [](const Trace& t) {
    ExpectValid(t);
    return AllReadBytes(t) == "abcd";
  });
  EXPECT_EQ(Records(result), "> c read \"ab\"\n> c read \"cd\"\n");
}

TEST(TraceShrinker, KeepsAProducerWithItsUseAndDropsUnusedOnes) {
  Trace failing = Parse(
      "channel c\n"
      "> c producer unused \"zz\"\n"
      "> c producer p \"a\" \"\" \"zq\" \"b\"\n"
      "> c producer q \"other\"\n"
      "> c push_with_producer q\n"
      "> c push_with_producer p\n"
      "> c write\n> c write\n");
  Trace result = Shrink(failing, [](const Trace& t) {
    ExpectValid(t);
    // Fails when a queued producer has a chunk containing 'z'.
    std::set<std::string> queued;
    for (const Record& r : t.records) {
      if (r.verb == "push_with_producer") queued.insert(r.args[0].text);
    }
    for (const Record& r : t.records) {
      if (r.verb != "producer" || !queued.count(r.args[0].text)) continue;
      for (std::size_t i = 1; i < r.args.size(); ++i) {
        if (r.args[i].text.find('z') != std::string::npos) return true;
      }
    }
    return false;
  });
  EXPECT_EQ(Records(result), "> c producer p \"z\"\n> c push_with_producer p\n");
}

TEST(TraceShrinker, DroppingADeclarationDropsItsUses) {
  // Fails whenever there is a write; a use whose producer went must go too,
  // or the candidate would be invalid (ExpectValid checks every one).
  Trace failing = Parse(
      "channel c\n> c producer p \"abc\"\n> c on found_terminator 1 push_with_producer p\n"
      "> c push_with_producer p\n> c write\n");
  Trace result = Shrink(failing, [](const Trace& t) {
    ExpectValid(t);
    for (const Record& r : t.records) {
      if (r.verb == "write") return true;
    }
    return false;
  });
  EXPECT_EQ(Records(result), "> c write\n");
}

TEST(TraceShrinker, LowersNumbersToTheSmallestThatStillFails) {
  Trace failing = Parse(
      "channel c out_buffer=100 send_cap=50\n"
      "> c set_terminator int:1000\n"
      "> c on found_terminator 9 set_terminator int:77\n"
      "> c send_budget 900\n");
  Trace result = Shrink(failing, [](const Trace& t) {
    // Fails while the terminator is at least 37, some budget at least 7, the
    // reaction is for call 4 or later, and out_buffer is at least 5.
    bool term = false, budget = false, call = false;
    for (const Record& r : t.records) {
      if (r.verb == "set_terminator" && std::stoll(r.args[0].text.substr(4)) >= 37) term = true;
      if (r.verb == "send_budget" && std::stoll(r.args[0].text) >= 7) budget = true;
      if (r.verb == "on" && std::stoll(r.args[1].text) >= 4) call = true;
    }
    const traces::ChannelConfig* c = t.FindChannel("c");
    return term && budget && call && c && c->out_buffer && *c->out_buffer >= 5;
  });
  EXPECT_EQ(Records(result),
            "> c set_terminator int:37\n> c on found_terminator 4 set_terminator int:0\n> c send_budget 7\n");
  ASSERT_EQ(result.channels.size(), 1u);
  EXPECT_EQ(result.channels[0].out_buffer, 5u);
  EXPECT_FALSE(result.channels[0].send_cap.has_value());
}

TEST(TraceShrinker, ANegativeTerminatorStaysNegative) {
  Trace failing = Parse("channel c\n> c set_terminator int:-1000\n> c read \"abc\"\n");
  Trace result = Shrink(failing, [](const Trace& t) {
    for (const Record& r : t.records) {
      if (r.verb == "set_terminator" && r.args[0].text.rfind("int:-", 0) == 0) return true;
    }
    return false;
  });
  EXPECT_EQ(Records(result), "> c set_terminator int:-1000\n")
      << "lowering moves toward the floor -1, never past zero; -1000 is already below it";
}

TEST(TraceShrinker, StopsAtTheAttemptBudgetWithAFailingTrace) {
  std::string body = "channel c\n";
  for (int i = 0; i < 200; ++i) body += "> c read \"chunk" + std::to_string(i) + "\"\n";
  Trace failing = Parse(body);
  ShrinkOptions options;
  options.max_attempts = 5;
  ShrinkStats stats;
  int calls = 0;
  Trace result = Shrink(
      failing,
      [&](const Trace& t) {
        ++calls;
        return AllReadBytes(t).find("chunk17") != std::string::npos;
      },
      options, &stats);
  EXPECT_EQ(calls, 5);
  EXPECT_EQ(stats.attempts, 5);
  EXPECT_TRUE(stats.exhausted);
  EXPECT_NE(AllReadBytes(result).find("chunk17"), std::string::npos) << "the result must still fail";
  EXPECT_LT(CountInputs(result), 200);
}

TEST(TraceShrinker, ReturnsTheInputsWhenNothingSmallerFails) {
  Trace failing = Parse("channel c\n> c read \"ab\"\n< c collect \"ab\"\n> c write\n");
  std::string original = "> c read \"ab\"\n> c write\n";
  Trace result = Shrink(failing, [&](const Trace& t) { return Records(t) == original; });
  EXPECT_EQ(Records(result), original) << "outputs are dropped, inputs kept";
  EXPECT_EQ(CountInputs(failing), 2);
}

// The bytes a channel reads after its first integer terminator, and that terminator.
std::optional<long long> IntTerminator(const Trace& t) {
  for (const Record& r : t.records) {
    const bool reaction = r.verb == "on" && r.args.size() >= 4 && r.args[2].text == "set_terminator";
    const traces::Arg* a = reaction ? &r.args[3] : (r.verb == "set_terminator" ? &r.args[0] : nullptr);
    if (a && a->text.rfind("int:", 0) == 0) return std::stoll(a->text.substr(4));
  }
  return std::nullopt;
}

// What the channel reads after the record that sets that terminator.
std::string ReadBytesAfterIntTerminator(const Trace& t) {
  std::string bytes;
  bool seen = false;
  for (const Record& r : t.records) {
    const bool reaction = r.verb == "on" && r.args.size() >= 4 && r.args[2].text == "set_terminator";
    const traces::Arg* a = reaction ? &r.args[3] : (r.verb == "set_terminator" ? &r.args[0] : nullptr);
    if (a && a->text.rfind("int:", 0) == 0) seen = true;
    if (seen && r.verb == "read" && r.args[0].kind == traces::Arg::Kind::kBytes) bytes += r.args[0].text;
  }
  return bytes;
}

TEST(TraceShrinker, LowersAnIntegerTerminatorTogetherWithTheBytesItCounts) {
  // Issue 16, bug 7: a failure that needs the count reached exactly (found
  // at the end of the stream, nothing left over): lowering the count alone,
  // or cutting the read alone, fails differently; only both together keep it.
  Trace failing = Parse("channel c in_buffer=4096\n> c set_terminator int:166\n> c read \"" +
                        std::string(166, 'q') + "\"\n> c write\n");
  Trace result = Shrink(failing, [](const Trace& t) {
    ExpectValid(t);
    std::optional<long long> n = IntTerminator(t);
    return n && *n >= 1 && static_cast<long long>(ReadBytesAfterIntTerminator(t).size()) == *n;
  });
  EXPECT_EQ(Records(result), "> c set_terminator int:1\n> c read \"q\"\n");
}

TEST(TraceShrinker, LowersAnIntegerTerminatorInAReactionWithTheReadAfterIt) {
  // The shape of the countdown variant's case: a header line, then a count
  // set by a reaction, then exactly that many bytes.
  Trace failing = Parse("channel c in_buffer=4096\n> c set_terminator str:\"\\n\"\n"
                        "> c on found_terminator 1 set_terminator int:166\n> c read \"ECHO 166\\n" +
                        std::string(166, 'L') + "\"\n> c write\n> c write\n");
  Trace result = Shrink(failing, [](const Trace& t) {
    ExpectValid(t);
    std::optional<long long> n = IntTerminator(t);
    std::string bytes = ReadBytesAfterIntTerminator(t);
    std::size_t nl = bytes.find('\n');
    return n && *n >= 1 && nl != std::string::npos && static_cast<long long>(bytes.size() - nl - 1) == *n;
  });
  EXPECT_EQ(IntTerminator(result), 1);
  EXPECT_EQ(AllReadBytes(result), "\nL");
  EXPECT_EQ(Records(result).find("write"), std::string::npos) << Records(result);
}

TEST(TraceShrinker, LowersAnIntegerTerminatorWhoseCountSpansTwoReads) {
  // The countdown variant on documented.echo.full: the count must end in a
  // second read (a short read first), so the bytes go from the first read's
  // end and the second read stays.
  Trace failing = Parse("channel c in_buffer=4096\n> c set_terminator str:\"\\n\"\n"
                        "> c on found_terminator 1 set_terminator int:56\n> c read \"\\n" +
                        std::string(55, 'L') + "\"\n> c read \"t\"\n");
  Trace result = Shrink(failing, [](const Trace& t) {
    ExpectValid(t);
    std::optional<long long> n = IntTerminator(t);
    std::vector<std::string> reads;  // after the record that sets the count
    bool seen = false;
    for (const Record& r : t.records) {
      if (r.verb == "read" && !seen) return false;
      if ((r.verb == "on" || r.verb == "set_terminator") && traces::FormatRecord(r).find("int:") != std::string::npos) {
        seen = true;
      }
      if (r.verb == "read") reads.push_back(r.args[0].text);
    }
    // The header's "\n", then a short read of the count, then its end.
    if (!n || *n < 2 || reads.size() != 2 || reads[0].size() < 2 || reads[0][0] != '\n') return false;
    const long long first = static_cast<long long>(reads[0].size()) - 1;
    return first < *n && first + static_cast<long long>(reads[1].size()) == *n;
  });
  EXPECT_EQ(IntTerminator(result), 2);
  EXPECT_EQ(AllReadBytes(result), "\nLt");
}

TEST(TraceShrinker, ALongReadReachesTheFewBytesTheFailureNeeds) {
  // Cutting only the ends of a long string stops at "x...y"; inner blocks go too.
  Trace failing = Parse("channel c in_buffer=4096\n> c set_terminator none\n> c read \"" + std::string(40, 'a') + "x" +
                        std::string(80, 'b') + "y" + std::string(44, 'c') + "\"\n");
  Trace result = Shrink(failing, [](const Trace& t) {
    std::string bytes = AllReadBytes(t);
    std::size_t x = bytes.find('x');
    return x != std::string::npos && bytes.find('y', x) != std::string::npos;
  });
  EXPECT_EQ(AllReadBytes(result), "xy");
}

TEST(TraceShrinker, DropsTrailingInputsThatChangeNothing) {
  Trace failing = Parse("channel c\n> c push \"hello\"\n> c write\n> c write\n> c write\n");
  Trace result = Shrink(failing, [](const Trace& t) {
    for (const Record& r : t.records) {
      if (r.verb == "push") return true;
    }
    return false;
  });
  EXPECT_EQ(Records(result), "> c push \"\"\n");
}

TEST(TraceShrinker, MakesAReactionADirectInputWhenTheFailureAllowsIt) {
  // The discard_buffers variant's case: a reaction whose trigger (terminator
  // and read) the failure does not need once the action is a direct input.
  Trace failing = Parse(
      "channel c in_buffer=1\n> c send_budget 0\n> c push \"p\"\n> c set_terminator str:\"\\n\"\n"
      "> c on found_terminator 1 discard_buffers\n> c read \"\\n\"\n> c write\n");
  Trace result = Shrink(failing, [](const Trace& t) {
    ExpectValid(t);
    // Fails iff a discard_buffers after a push is followed by a write; a
    // reaction's discard_buffers happens at a later read of "\n" after a
    // str:"\n" terminator.
    bool pushed = false, discarded = false, reaction = false, terminator = false;
    for (const Record& r : t.records) {
      if (r.verb == "push" && !r.args[0].text.empty()) pushed = true;
      if (r.verb == "set_terminator" && r.args[0].text.rfind("str:", 0) == 0) terminator = true;
      if (r.verb == "on" && r.args[2].text == "discard_buffers") reaction = true;
      if (r.verb == "discard_buffers" || (reaction && terminator && r.verb == "read" && r.args[0].text == "\n")) {
        discarded = discarded || pushed;
      }
      if (discarded && r.verb == "write") return true;
    }
    return false;
  });
  EXPECT_EQ(Records(result), "> c push \"p\"\n> c discard_buffers\n> c write\n");
}

TEST(TraceShrinker, KeepsAProducerQueuedInsideHandleConnect) {
  // Format 2: `on connect push_with_producer p` uses producer p (its action
  // is at 1, not at 2 as in `on found_terminator N ...`), so p stays, and
  // the reaction is not lowered as a call number or made a direct input.
  Trace failing = traces::ParseTrace(
      "asynchat-trace 2\nchannel c connected=0\n> c producer p \"ab\"\n> c set_terminator str:\"\\n\"\n"
      "> c on connect push_with_producer p\n> c read \"x\\n\"\n> c write\n",
      "test");
  Trace result = Shrink(failing, [](const Trace& t) {
    ExpectValid(t);
    bool declared = false;
    for (const Record& r : t.records) {
      if (r.verb == "producer") declared = true;
      if (r.verb == "on") {
        EXPECT_TRUE(declared) << "a use of p without its declaration";
      }
      if (r.verb == "on" && r.args[0].text == "connect" && r.args[1].text == "push_with_producer") return true;
    }
    return false;
  });
  EXPECT_EQ(Records(result), "> c producer p\n> c on connect push_with_producer p\n");
}

TEST(TraceShrinker, KeepsABytesObjectGivenAsAProducer) {
  // Format 2: push_with_producer "" queues a bytes object, which needs no
  // declaration; it is not an undeclared producer to drop.
  Trace failing = traces::ParseTrace(
      "asynchat-trace 2\nchannel c\n> c push_with_producer \"\"\n> c push \"after\"\n> c write\n", "test");
  Trace result = Shrink(failing, [](const Trace& t) {
    ExpectValid(t);
    for (const Record& r : t.records) {
      if (r.verb == "push_with_producer" && r.args[0].kind == traces::Arg::Kind::kBytes) return true;
    }
    return false;
  });
  EXPECT_EQ(Records(result), "> c push_with_producer \"\"\n");
}

}  // namespace
}  // namespace conformance
