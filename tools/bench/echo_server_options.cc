#include "tools/bench/echo_server_options.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace bench {
namespace {

// A whole decimal number within [lo, hi].
bool ParseNumber(const char* text, long lo, long hi, long* out) {
  errno = 0;
  char* end = nullptr;
  const long v = std::strtol(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || v < lo || v > hi) return false;
  *out = v;
  return true;
}

}  // namespace

std::optional<EchoServerOptions> ParseEchoServerOptions(const char* program, int argc, char** argv,
                                                        int* exit_status) {
  EchoServerOptions o;
  *exit_status = 2;
  for (int i = 1; i < argc; ++i) {
    const char* a = argv[i];
    long value = 0;
    if (std::strcmp(a, "--port") == 0 || std::strcmp(a, "--buffer-size") == 0) {
      const bool port = a[2] == 'p';
      if (i + 1 >= argc) {
        std::fprintf(stderr, "%s: %s needs a value\n", program, a);
        return std::nullopt;
      }
      const char* v = argv[++i];
      if (port ? !ParseNumber(v, 0, 65535, &value) : !ParseNumber(v, 1, 1L << 30, &value)) {
        std::fprintf(stderr, "%s: %s %s: expected a number in %s\n", program, a, v, port ? "0..65535" : "1..2^30");
        return std::nullopt;
      }
      if (port) {
        o.port = static_cast<int>(value);
      } else {
        o.buffer_size = static_cast<std::size_t>(value);
      }
    } else if (std::strcmp(a, "--quiet") == 0 || std::strcmp(a, "-q") == 0) {
      o.quiet = true;
    } else if (std::strcmp(a, "--help") == 0 || std::strcmp(a, "-h") == 0) {
      std::printf("usage: %s [--port P] [--buffer-size N] [--quiet]\n", program);
      *exit_status = 0;
      return std::nullopt;
    } else {
      std::fprintf(stderr, "%s: unknown argument %s (usage: %s [--port P] [--buffer-size N] [--quiet])\n", program, a,
                   program);
      return std::nullopt;
    }
  }
  return o;
}

}  // namespace bench
