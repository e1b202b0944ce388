// property.model_agreement: for any chunking of any stream, with terminator
// changes, discard_buffers, push and close_when_done reactions and write
// events between reads, the implementation's transcript equals the model's
// (conformance/model) record for record: the strict profile, including how
// much is held back as a possible terminator prefix and every send.
#ifndef ASYNCHAT_CONFORMANCE_PROPERTIES_MODEL_AGREEMENT_H_
#define ASYNCHAT_CONFORMANCE_PROPERTIES_MODEL_AGREEMENT_H_

#include <rapidcheck.h>

#include "conformance/properties/property_context.h"

namespace conformance::properties {

PropertyDefinition ModelAgreementProperty();

rc::Gen<traces::Trace> GenModelAgreementScenario(ChannelSizes sizes = {});

}  // namespace conformance::properties

#endif  // ASYNCHAT_CONFORMANCE_PROPERTIES_MODEL_AGREEMENT_H_
