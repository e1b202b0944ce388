#include "conformance/adapter_kit/chat_under_test.h"

#include "traces/trace.h"

namespace adapter_kit {

// A TraceError, so the server answers it `fatal` (the adapter's mistake, not
// the implementation's exception) even from inside a reaction.
void ChatUnderTest::Missing(const char* method) {
  throw traces::TraceError(std::string("the adapter declares a feature needing ChatUnderTest::") + method +
                           ", which it does not override");
}

}  // namespace adapter_kit
