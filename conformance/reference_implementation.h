// The C++ reference as the driver protocol serves it: traces::ReferenceSession
// per case, every capability but typed_push (C++ has no str to push). The
// in-process reference adapter reports the same name and capabilities, so
// both ways of running the reference look alike in a report.
#ifndef ASYNCHAT_CONFORMANCE_REFERENCE_IMPLEMENTATION_H_
#define ASYNCHAT_CONFORMANCE_REFERENCE_IMPLEMENTATION_H_

#include "conformance/driver_session.h"

namespace conformance {

ServedImplementation ReferenceImplementation();

}  // namespace conformance

#endif  // ASYNCHAT_CONFORMANCE_REFERENCE_IMPLEMENTATION_H_
