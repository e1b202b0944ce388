// Exception kinds as the driver protocol writes them (conformance/PROTOCOL.md
// "Outputs": Python's class names; OSError:ENAME for an errno), for the
// C++ adapter kit (adapter_kit.h).
#ifndef ASYNCHAT_CONFORMANCE_ADAPTER_KIT_EXCEPTION_KIND_H_
#define ASYNCHAT_CONFORMANCE_ADAPTER_KIT_EXCEPTION_KIND_H_

#include <stdexcept>
#include <string>

namespace adapter_kit {

// An implementation (or its adapter) throws this to name the kind exactly:
// PythonError("AttributeError").
class PythonError : public std::runtime_error {
 public:
  explicit PythonError(const std::string& kind) : std::runtime_error(kind) {}
};

// The kind of the exception being handled (call it inside a catch block);
// rethrows a traces::TraceError (a case or adapter problem, answered fatal):
// PythonError's own; std::system_error with a generic/system errno:
// BlockingIOError for EAGAIN, else OSError:ENAME; std::invalid_argument
// ValueError; std::out_of_range IndexError; std::bad_alloc MemoryError;
// TypeError for std::bad_cast; any other std::exception RuntimeError; anything
// else UnknownException.
std::string DefaultExceptionKind();

}  // namespace adapter_kit

#endif  // ASYNCHAT_CONFORMANCE_ADAPTER_KIT_EXCEPTION_KIND_H_
