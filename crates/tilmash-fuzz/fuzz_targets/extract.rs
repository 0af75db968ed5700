//! Dates, counts and targets over segmented text (`tilmash_extract::extract`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // First byte: language source and which type to compare alone; second: boilerplate
    // and language flags, cycled over paragraphs and sentences.
    let [mode, flags, rest @ ..] = data else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let seg = tilmash_fuzz::segmented(&text, &[*flags, flags.rotate_left(3)], mode & 1 == 1);
    tilmash_fuzz::check_extract(&text, &seg, mode >> 1);
});
