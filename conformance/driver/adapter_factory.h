// Turns the command line's implementation choice into an Adapter:
//   a registered name    an implementation that registered itself
//                        (adapter_registry.h): in the conformance and trace
//                        commands "reference" (the C++ reference in process,
//                        the default), "reference-process" (through its
//                        adapter binary) and "model"
//   cpython              CPython's stdlib asynchat through the Python adapter
//   cpython2.7           CPython 2.7's stdlib asynchat, the Python adapter
//                        run by python2.7: $ASYNCHAT_PYTHON27, else PATH's
//                        (pyenv shims left out), else the newest pyenv
//                        $PYENV_ROOT (default ~/.pyenv)/versions/2.7.N;
//                        none is std::invalid_argument naming where it looked
//   medusa               supervisor's vendored medusa asynchat_25
//   python:FILE          the asynchat API loaded from FILE
// or, with --impl-cmd, any command speaking conformance/PROTOCOL.md.
// Throws std::invalid_argument naming the spec for an unknown one, and for an
// empty adapter command (or one of only spaces).
#ifndef ASYNCHAT_CONFORMANCE_DRIVER_ADAPTER_FACTORY_H_
#define ASYNCHAT_CONFORMANCE_DRIVER_ADAPTER_FACTORY_H_

#include <memory>
#include <string>

#include "conformance/driver/adapter.h"
#include "conformance/driver/adapter_registry.h"

namespace conformance {

std::unique_ptr<Adapter> MakeAdapter(const std::string& impl_spec, const AdapterOptions& options = {});
std::unique_ptr<Adapter> MakeCommandAdapter(const std::string& shell_command, const AdapterOptions& options = {});

}  // namespace conformance

#endif  // ASYNCHAT_CONFORMANCE_DRIVER_ADAPTER_FACTORY_H_
