// property.producer_fifo: for any interleaving of pushes (including empty
// ones and ones longer than out_buffer), producers (chunks of any length; an
// empty chunk ends the producer, so later chunks never go out), send budgets
// (0, partial or ample; some channels have a small send_cap), would-blocks
// (send_error EAGAIN), write events and
// close_when_done, followed by enough write events to drain the queue:
//  - every send() is offered the next unsent bytes of what was queued, in
//    order (an empty send only for an empty push), and the accepted bytes
//    together are exactly what was queued
//    before the first close_when_done (everything queued, without one);
//  - nothing queued after the close_when_done is offered or sent;
//  - the channel closes only once everything before it was sent, closes then,
//    and sends nothing afterwards.
// Checked on the transcript directly, then strictly against the model.
#ifndef ASYNCHAT_CONFORMANCE_PROPERTIES_PRODUCER_FIFO_H_
#define ASYNCHAT_CONFORMANCE_PROPERTIES_PRODUCER_FIFO_H_

#include <optional>
#include <string>
#include <vector>

#include <rapidcheck.h>

#include "conformance/properties/property_context.h"
#include "conformance/properties/scenario_check.h"

namespace conformance::properties {

PropertyDefinition ProducerFifoProperty();

// The scenarios it generates, before the drain is appended.
rc::Gen<traces::Trace> GenProducerFifoScenario(ChannelSizes sizes = {});

// `scenario` plus enough write events to send everything that can be sent.
traces::Trace WithDrain(const traces::Trace& scenario);

// A broken FIFO rule: which (a short name, the failure's category) and how
// (naming the transcript record).
struct FifoViolation {
  std::string rule;
  std::string message;
};

// The direct FIFO rules above on a transcript of WithDrain(scenario)'s
// inputs; nullopt if they hold.
std::optional<FifoViolation> CheckFifoRules(const std::vector<traces::Record>& transcript);

// WithDrain, then the FIFO rules, then strict agreement with the model.
CheckResult CheckProducerFifo(Adapter& adapter, const std::string& case_id, const traces::Trace& scenario);

}  // namespace conformance::properties

#endif  // ASYNCHAT_CONFORMANCE_PROPERTIES_PRODUCER_FIFO_H_
