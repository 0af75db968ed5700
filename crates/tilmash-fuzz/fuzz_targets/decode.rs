//! Bytes → text: `tilmash_decode::decode_document` with each extension hint.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the extension hint, the rest is the file.
    let Some((&hint, bytes)) = data.split_first() else {
        return;
    };
    let extension = [None, Some("txt"), Some("html"), Some("HTM")][usize::from(hint % 4)];
    tilmash_fuzz::check_decode(bytes, extension);
});
