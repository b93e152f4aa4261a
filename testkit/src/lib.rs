//! Test-only helpers shared by every test suite, example, fuzz target and
//! benchmark of the clusprop workspace:
//!
//! - [`vectors`]: where the test vectors live (`testkit/vectors/`, in the
//!   repository) and how to read them;
//! - [`asm`]: a tiny byte assembler for hand-made (often malformed) buffers
//!   that shares no code with the crate's encoder;
//! - [`alloc`]: a global allocator that counts each thread's allocations.
//!
//! This crate is never published and depends on nothing, so it can be a
//! dev-dependency of the published crates without a cycle.

pub mod alloc;
pub mod asm;
pub mod vectors;

pub use asm::{Asm, hex, sz};
pub use vectors::{all_vectors, vector, vector_path, vectors_dir};
