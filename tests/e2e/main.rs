//! End-to-end tests: run the real `tilmash` binary on the bundled corpus and fixtures.
//!
//! Everything a test needs lives in this repository (`corpus/`, `tests/fixtures/`).

mod agencies;
mod align;
mod boilerplate;
mod cli;
mod corpus;
mod encodings;
mod extract;
mod interrupt;
mod langid;
mod plugins;
mod segment;
mod shard;
mod support;
mod targets;
