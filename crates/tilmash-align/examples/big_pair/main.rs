//! Write the benchmark's 30 000-sentence pairs as pre-segmented files:
//! `cargo run --release -p tilmash-align --example big_pair -- DIR` → DIR/{kk,ru,zh}.txt
//! (zh and kk aligned to ru; ru.txt is built for zh, ru-for-kk.txt for kk).

mod data;

fn main() -> std::io::Result<()> {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "big-pair".to_owned());
    std::fs::create_dir_all(&dir)?;
    for (src, name) in [("zh", "ru.txt"), ("kk", "ru-for-kk.txt")] {
        let (s, t) = data::pair(src, "ru", 30_000);
        std::fs::write(format!("{dir}/{src}.txt"), s.join("\n") + "\n")?;
        std::fs::write(format!("{dir}/{name}"), t.join("\n") + "\n")?;
        eprintln!(
            "{dir}/{src}.txt: {} sentences, {dir}/{name}: {}",
            s.len(),
            t.len()
        );
    }
    Ok(())
}
