//! Benchmark text shared by the crates' criterion benches (included with `#[path]`):
//! bundled seed documents joined and repeated to about 1 MB, so per-call overhead does
//! not dominate.

/// The seeds `files` (names under `corpus/seeds/`), joined by blank lines and repeated
/// to about 1 MB.
pub fn seeds_mb(files: &[&str]) -> String {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus/seeds/");
    let one: String = files
        .iter()
        .map(|f| std::fs::read_to_string(format!("{root}{f}")).unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n\n");
    assert!(!one.is_empty(), "corpus/seeds is readable");
    let copies = (1 << 20) / one.len() + 1;
    vec![one; copies].join("\n\n")
}
