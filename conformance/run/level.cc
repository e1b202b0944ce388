#include "conformance/run/level.h"

#include "spec/checked_in.h"

#include <algorithm>
#include <stdexcept>

namespace conformance {

const char* LevelName(Level level) { return level == Level::kDocumented ? "documented" : "cpython"; }

Level ParseLevel(const std::string& text) {
  if (text == "documented") return Level::kDocumented;
  if (text == "cpython") return Level::kCpython;
  throw std::invalid_argument("unknown level '" + text + "' (valid: documented, cpython)");
}

bool FailsAtLevel(Level level, const FailedCase& facts) {
  if (level == Level::kCpython) return true;
  const auto decided = [](spec::Basis b) { return b == spec::Basis::kCpythonDecided; };
  const bool any_decided = std::any_of(facts.clause_bases.begin(), facts.clause_bases.end(), decided);
  if (any_decided && facts.same_meaning) return false;
  if (!facts.same_meaning && facts.same_meaning_when_drained && !facts.unexpected_error) return false;
  const bool all_decided =
      !facts.clause_bases.empty() && std::all_of(facts.clause_bases.begin(), facts.clause_bases.end(), decided);
  return !(all_decided && !facts.unexpected_error);
}

std::vector<std::string> ExhibitedCpythonClauses(const std::vector<traces::Record>& expected,
                                                 const std::vector<traces::Record>& actual) {
  bool sends_at_once = false, producer_lazy = false;
  for (std::size_t i = 1; i < expected.size(); ++i) {
    const traces::Record& in = expected[i - 1];
    const traces::Record& out = expected[i];
    if (in.direction != traces::Record::Direction::kInput || out.direction != traces::Record::Direction::kOutput ||
        in.channel != out.channel) {
      continue;
    }
    if ((in.verb == "push" || in.verb == "push_typed") && out.verb == "send") sends_at_once = true;
    if (in.verb == "push_with_producer" && (out.verb == "more" || out.verb == "send")) producer_lazy = true;
  }
  const bool empty_collect = std::any_of(actual.begin(), actual.end(), [](const traces::Record& r) {
    return r.direction == traces::Record::Direction::kOutput && r.verb == "collect" && !r.args.empty() &&
           r.args[0].kind == traces::Arg::Kind::kBytes && r.args[0].text.empty();
  });
  std::vector<std::string> out;
  if (sends_at_once) out.push_back("chat.push.sends-at-once");
  if (producer_lazy) out.push_back("chat.producer.lazy");
  if (empty_collect) out.push_back("chat.collect.never-empty");
  return out;
}

std::vector<spec::Basis> BasesOf(const std::vector<std::string>& clause_ids) {
  std::vector<spec::Basis> out;
  for (const std::string& id : clause_ids) {
    const spec::Clause* c = spec::FindCheckedInClause(id);
    out.push_back(c ? c->basis : spec::Basis::kDocumented);
  }
  return out;
}

}  // namespace conformance
