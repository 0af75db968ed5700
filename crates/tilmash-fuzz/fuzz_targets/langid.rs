//! Language identification: `guess`, `guess_sentence`, `foreign_spans`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    tilmash_fuzz::check_langid(&text);
});
