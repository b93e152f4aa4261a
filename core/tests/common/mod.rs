//! The test suites' shared helpers, from the workspace's test kit: where the
//! vectors live (`testkit/vectors/`) and a tiny assembler for hand-made
//! buffers that shares no code with the crate's encoder.

#![allow(unused_imports)] // each suite uses its own subset

pub use clusprop_testkit::{Asm, all_vectors, hex, sz, vector, vectors_dir};
