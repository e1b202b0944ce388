#!/bin/bash -eu
# ClusterFuzzLite / OSS-Fuzz entry point: their environment ($CC, $CXX,
# $CFLAGS, $CXXFLAGS, $LIB_FUZZING_ENGINE, $OUT, $SRC) in, every fuzz target
# of fuzz/BUILD with its seed corpus and dictionary out (fuzz/README.md).
cd "$SRC/asynchat-conformance"
exec fuzz/build_oss_fuzz.sh
