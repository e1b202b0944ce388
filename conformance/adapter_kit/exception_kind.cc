#include "conformance/adapter_kit/exception_kind.h"

#include <cerrno>
#include <new>
#include <system_error>
#include <typeinfo>

#include "traces/errno_names.h"
#include "traces/trace.h"

namespace adapter_kit {

std::string DefaultExceptionKind() {
  try {
    throw;
  } catch (const traces::TraceError&) {
    throw;
  } catch (const PythonError& e) {
    return e.what();
  } catch (const std::system_error& e) {
    const std::error_code code = e.code();
    if (code.category() != std::generic_category() && code.category() != std::system_category()) return "OSError";
    if (code.value() == EAGAIN || code.value() == EWOULDBLOCK) return "BlockingIOError";
    return "OSError:" + traces::ErrnoName(code.value());
  } catch (const std::invalid_argument&) {
    return "ValueError";
  } catch (const std::out_of_range&) {
    return "IndexError";
  } catch (const std::bad_alloc&) {
    return "MemoryError";
  } catch (const std::bad_cast&) {
    return "TypeError";
  } catch (const std::exception&) {
    return "RuntimeError";
  } catch (...) {
    return "UnknownException";
  }
}

}  // namespace adapter_kit
