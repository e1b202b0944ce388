#include "tools/bench/machine.h"

#include <unistd.h>

#include <fstream>

namespace bench {

std::string Machine::Describe() const { return "nproc " + std::to_string(nproc) + ", " + cpu; }

Machine ThisMachine() {
  Machine m;
  m.nproc = sysconf(_SC_NPROCESSORS_ONLN);
  m.cpu = "unknown";
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) != 0) continue;
    const std::size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::size_t start = line.find_first_not_of(" \t", colon + 1);
    if (start != std::string::npos) m.cpu = line.substr(start);
    break;
  }
  return m;
}

}  // namespace bench
