//! Paragraphs, sentences (per abbreviation language) and tokens, incl. jieba for Han.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tilmash_segment::AbbrevLang;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let lang =
        AbbrevLang::from_code(tilmash_fuzz::LANGS[usize::from(pick) % tilmash_fuzz::LANGS.len()]);
    tilmash_fuzz::check_segment(&text, lang);
});
