//! `tilmash schema`: the JSON Schema of a document record.

use std::process::ExitCode;

use clap::Args;

/// Print the JSON Schema (draft 2020-12) of a document record.
///
/// Every line of `documents.jsonl` and every `tilmash analyze` output validates against
/// it. The same schema is written to `DIR/schema/document.schema.json` by `index`.
#[derive(Debug, Args)]
#[command(after_help = "Example:
  tilmash schema > document.schema.json")]
pub struct SchemaArgs {}

pub fn run(_args: SchemaArgs) -> anyhow::Result<ExitCode> {
    let schema = serde_json::to_string_pretty(&tilmash_core::record_schema())?;
    crate::print_line(&schema)?;
    Ok(ExitCode::SUCCESS)
}
