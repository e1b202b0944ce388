// Machine: what a benchmark table must say about where it was measured
// (processors online and the CPU model from /proc/cpuinfo).
#ifndef ASYNCHAT_TOOLS_BENCH_MACHINE_H_
#define ASYNCHAT_TOOLS_BENCH_MACHINE_H_

#include <string>

namespace bench {

struct Machine {
  long nproc = 0;
  std::string cpu;  // "unknown" if /proc/cpuinfo has no model name
  // "nproc 2, AMD EPYC": the one-liner table captions carry.
  std::string Describe() const;
};

Machine ThisMachine();

}  // namespace bench

#endif  // ASYNCHAT_TOOLS_BENCH_MACHINE_H_
