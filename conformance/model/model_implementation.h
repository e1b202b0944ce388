// The executable model (model/chat_model.h) as the driver protocol serves it,
// with every capability. The model runs whole scenarios, so a case is served
// by running the model on the inputs so far after each input and answering
// the outputs that follow the last one: quadratic in the case's length, which
// is fine for a model written for clarity (and correct because an output can
// only depend on the inputs before it).
#ifndef ASYNCHAT_CONFORMANCE_MODEL_MODEL_IMPLEMENTATION_H_
#define ASYNCHAT_CONFORMANCE_MODEL_MODEL_IMPLEMENTATION_H_

#include "conformance/driver/driver_session.h"

namespace conformance {

ServedImplementation ModelImplementation();

}  // namespace conformance

#endif  // ASYNCHAT_CONFORMANCE_MODEL_MODEL_IMPLEMENTATION_H_
