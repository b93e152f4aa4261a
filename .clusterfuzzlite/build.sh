#!/bin/bash -eu
# ClusterFuzzLite / OSS-Fuzz build: every cargo-fuzz target of fuzz/, with its
# seed corpus (fuzz/seeds/<target>, zipped) and the syntax-tag dictionary,
# into $OUT. Follows the OSS-Fuzz conventions ($SRC, $OUT, `cargo fuzz build -O`;
# the base image sets the sanitizer flags).
# Tested without Docker by scripts/cflite-check.
project="${PROJECT_DIR:-$SRC/clusprop}"
cd "$project/fuzz"
cargo fuzz build -O
build_dir="${CARGO_TARGET_DIR:-$project/fuzz/target}/x86_64-unknown-linux-gnu/release"
for target in $(cargo fuzz list); do
  cp "$build_dir/$target" "$OUT/"
  (cd "seeds/$target" && zip -q -r "$OUT/${target}_seed_corpus.zip" .)
  cp clusprop.dict "$OUT/$target.dict"
done
