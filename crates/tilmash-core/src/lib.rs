//! tilmash-core: the document model and the text pipeline of one document.
//!
//! Data path: decoded text → [`segment::paragraphs`] → [`boilerplate::classify`] →
//! [`segment::sentences`] → [`langid::guess`] → a [`model::Record`], assembled by
//! [`analyze::analyze`]. Everything here is pure computation on a `&str`: no file or
//! network IO, no global state, so documents can be processed in parallel freely.

pub mod analyze;
pub mod boilerplate;
pub mod langid;
pub mod model;
pub mod offsets;
pub mod segment;

pub use analyze::{AnalyzeOptions, analyze, failed};
pub use model::{Record, SCHEMA_VERSION, record_schema};
/// Which entity types [`analyze`] extracts (in [`AnalyzeOptions::types`]).
pub use tilmash_extract::Types as EntityTypes;
