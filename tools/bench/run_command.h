// RunCommand: runs a program (no shell) and waits for it, its stdout sent to
// this process's stderr so that a tool's own stdout stays one clean table.
#ifndef ASYNCHAT_TOOLS_BENCH_RUN_COMMAND_H_
#define ASYNCHAT_TOOLS_BENCH_RUN_COMMAND_H_

#include <string>
#include <vector>

namespace bench {

// The exit status; 127 if the program could not be started, 128 + N if
// signal N ended it.
int RunCommand(const std::vector<std::string>& argv);

}  // namespace bench

#endif  // ASYNCHAT_TOOLS_BENCH_RUN_COMMAND_H_
