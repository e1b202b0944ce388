// The C++ reference as the driver protocol serves it: harness::ReferenceSession
// per case, every capability but typed_push (C++ has no str to push). The
// in-process reference adapter reports the same name and capabilities, so
// both ways of running the reference look alike in a report.
#ifndef ASYNCHAT_REFERENCE_HARNESS_REFERENCE_IMPLEMENTATION_H_
#define ASYNCHAT_REFERENCE_HARNESS_REFERENCE_IMPLEMENTATION_H_

#include "conformance/driver/driver_session.h"

namespace harness {

conformance::ServedImplementation ReferenceImplementation();

}  // namespace harness

#endif  // ASYNCHAT_REFERENCE_HARNESS_REFERENCE_IMPLEMENTATION_H_
