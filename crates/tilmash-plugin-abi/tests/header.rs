//! `include/tilmash_plugin.h` is generated from `src/lib.rs` by cbindgen (settings in
//! `cbindgen.toml`). This test generates it again and fails when the checked-in header
//! differs, so the C view of the ABI cannot drift from the Rust one. After changing the
//! ABI, regenerate with
//!
//! ```text
//! TILMASH_BLESS=1 cargo test -p tilmash-plugin-abi --test header
//! ```
//!
//! It also compiles the header with the system C and C++ compilers when there are any
//! (its static asserts check the layout from the C side).

use std::path::{Path, PathBuf};
use std::process::Command;

fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn header_path() -> PathBuf {
    crate_dir().join("include/tilmash_plugin.h")
}

fn generate() -> String {
    let config = cbindgen::Config::from_file(crate_dir().join("cbindgen.toml"))
        .unwrap_or_else(|e| panic!("cbindgen.toml: {e}"));
    let bindings = cbindgen::Builder::new()
        .with_config(config)
        .with_src(crate_dir().join("src/lib.rs"))
        .generate()
        .unwrap_or_else(|e| panic!("cbindgen cannot generate the header: {e}"));
    let mut out = Vec::new();
    bindings.write(&mut out);
    String::from_utf8(out).unwrap_or_else(|e| panic!("generated header is not UTF-8: {e}"))
}

#[test]
fn the_checked_in_header_is_the_generated_one() {
    let generated = generate();
    let path = header_path();
    if std::env::var_os("TILMASH_BLESS").is_some_and(|v| v == "1") {
        std::fs::write(&path, &generated).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        eprintln!("wrote {}", path.display());
        return;
    }
    let current =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    if current != generated {
        let line = current
            .lines()
            .zip(generated.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| current.lines().count().min(generated.lines().count()));
        panic!(
            "{} differs from what src/lib.rs generates (first at line {}: checked in {:?}, \
             generated {:?}). Regenerate it with \
             `TILMASH_BLESS=1 cargo test -p tilmash-plugin-abi --test header`.",
            path.display(),
            line + 1,
            current.lines().nth(line).unwrap_or("<end>"),
            generated.lines().nth(line).unwrap_or("<end>"),
        );
    }
}

#[test]
fn the_generated_header_declares_the_abi() {
    let h = generate();
    for needle in [
        "#define TILMASH_PLUGIN_MAGIC 1347243092",
        "#define TILMASH_ABI_MAJOR 1",
        "#define TILMASH_STATUS_CANCELLED 4",
        "typedef struct TilmashPluginDescriptor {",
        "typedef struct TilmashHostApi {",
        "typedef struct TilmashBuf {",
        "size_t len;",
        "int32_t (*summarize)(void *inst,",
        "#endif /* TILMASH_PLUGIN_H */",
        "const TilmashPluginDescriptor *tilmash_plugin_v1(void);",
    ] {
        assert!(
            h.contains(needle),
            "the generated header lacks {needle:?}:\n{h}"
        );
    }
}

/// Compiles a translation unit that includes the header with `compiler`; `None` when the
/// compiler is not installed.
fn compile(compiler: &str, ext: &str, std: &str) -> Option<std::process::Output> {
    let dir = std::env::temp_dir().join(format!(
        "tilmash-abi-header-{}-{compiler}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let src = dir.join(format!("use.{ext}"));
    std::fs::write(
        &src,
        "#include \"tilmash_plugin.h\"\n\
         static int32_t summarize(void *inst, const uint8_t *doc, size_t len, TilmashBuf *out)\n\
         { (void)inst; (void)doc; (void)len; (void)out; return TILMASH_STATUS_OK; }\n\
         static void free_buf(TilmashBuf buf) { (void)buf; }\n\
         static const TilmashPluginDescriptor D = {TILMASH_PLUGIN_MAGIC,\n\
           sizeof(TilmashPluginDescriptor), TILMASH_ABI_MAJOR, TILMASH_ABI_MINOR,\n\
           TILMASH_FLAG_THREAD_SAFE, \"x\", \"0.1.0\", \"{}\", 0, summarize, free_buf, 0};\n\
         const TilmashPluginDescriptor *tilmash_plugin_v1(void) { return &D; }\n",
    )
    .unwrap_or_else(|e| panic!("{}: {e}", src.display()));
    let out = Command::new(compiler)
        .args([std, "-Wall", "-Wextra", "-Werror", "-fsyntax-only", "-I"])
        .arg(crate_dir().join("include"))
        .arg(&src)
        .output();
    let _ = std::fs::remove_dir_all(&dir);
    match out {
        Ok(out) => Some(out),
        Err(e) => {
            eprintln!("SKIPPED compiling the header with {compiler}: {e}");
            None
        }
    }
}

#[test]
fn the_header_compiles_as_c11_and_cpp11() {
    for (compiler, ext, std) in [("cc", "c", "-std=c11"), ("c++", "cpp", "-std=c++11")] {
        if let Some(out) = compile(compiler, ext, std) {
            assert!(
                out.status.success(),
                "{compiler} {std} rejects the header:\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}
