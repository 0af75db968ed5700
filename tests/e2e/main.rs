//! End-to-end tests: run the real `tilmash` binary on the bundled corpus and fixtures.
//!
//! Everything a test needs lives in this repository (`corpus/`, `tests/fixtures/`).

mod boilerplate;
mod cli;
mod corpus;
mod encodings;
mod interrupt;
mod langid;
mod support;
