//! Support code shared by the examples, integration tests and benchmarks of `gen-core`.

pub mod support;
