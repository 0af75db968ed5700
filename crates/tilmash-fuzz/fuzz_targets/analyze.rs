//! The whole per-document pipeline: decode, then `tilmash_core::analyze::analyze`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tilmash_core::AnalyzeOptions;
use tilmash_core::model::Source;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, bytes)) = data.split_first() else {
        return;
    };
    let extension = if mode & 1 == 1 { "html" } else { "txt" };
    let Ok(decoded) = tilmash_decode::decode_document(bytes, Some(extension)) else {
        return;
    };
    let source = Source {
        path: format!("fuzz.{extension}"),
        bytes: Some(bytes.len() as u64),
        sha256: None,
        encoding: Some(decoded.encoding.to_owned()),
        bom: decoded.bom,
        format: Some(decoded.format.as_str().to_owned()),
    };
    let options = AnalyzeOptions {
        with_text: mode & 2 == 2,
        lang: (mode & 4 == 4).then_some("kk"),
        ..AnalyzeOptions::default()
    };
    let is_html = decoded.format == tilmash_decode::Format::Html;
    let record = tilmash_core::analyze(source, None, &decoded.text, is_html, options);
    tilmash_fuzz::check_record(&decoded.text, &record);
});
