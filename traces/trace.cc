#include "traces/trace.h"

namespace traces {

const ChannelConfig* Trace::FindChannel(const std::string& id) const {
  for (const ChannelConfig& c : channels) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

}  // namespace traces
