//! Support code shared by the examples, integration tests and benchmarks of `gen-core`.

pub mod support;

/// The code in the README compiles and runs.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
