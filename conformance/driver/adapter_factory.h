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
//   python:FILE          the asynchat API loaded from FILE (FILE's folder on
//                        its import path, as when FILE is run), on the
//                        interpreter `python` names (--python): a path, or a
//                        name looked up on PATH; "" is Debian's
//                        /usr/bin/python3, else PATH's python3
// or, with --impl-cmd, any command speaking conformance/PROTOCOL.md.
// Throws std::invalid_argument naming the spec for an unknown one, for an
// empty adapter command (or one of only spaces), and naming --python for an
// interpreter that is not an executable file.
#ifndef ASYNCHAT_CONFORMANCE_DRIVER_ADAPTER_FACTORY_H_
#define ASYNCHAT_CONFORMANCE_DRIVER_ADAPTER_FACTORY_H_

#include <cstdint>
#include <memory>
#include <string>

#include "conformance/driver/adapter.h"
#include "conformance/driver/adapter_registry.h"

namespace conformance {

// The largest --memory-limit the commands take, in MiB (1 TiB): an address
// space in bytes that fits in 64 bits with room to spare.
inline constexpr std::uint64_t kMaxAdapterMemoryLimitMib = std::uint64_t{1} << 20;

std::unique_ptr<Adapter> MakeAdapter(const std::string& impl_spec, const AdapterOptions& options = {},
                                     const std::string& python = "");

// The interpreter --python names, as MakeAdapter will run it: `python` with
// a '/' is a path (relative to where the command was run), else it is looked
// up on PATH. Throws std::invalid_argument "--python X: ..." saying why it
// cannot be run.
std::string PythonInterpreter(const std::string& python);
std::unique_ptr<Adapter> MakeCommandAdapter(const std::string& shell_command, const AdapterOptions& options = {});

}  // namespace conformance

#endif  // ASYNCHAT_CONFORMANCE_DRIVER_ADAPTER_FACTORY_H_
