//! HTML sniffing, `<meta charset>` and main-text extraction on arbitrary text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    tilmash_fuzz::check_html(data);
});
