//! Rust SDK for tilmash plugins.
//!
//! A plugin is one [`Plugin`] impl plus one [`export_plugin!`] invocation in a `cdylib`
//! crate. The macro generates the `tilmash_plugin_v1` entry point and a `static`
//! descriptor; every exported call is wrapped in `catch_unwind`, errors become
//! [`STATUS_ERROR`](abi::STATUS_ERROR) and panics [`STATUS_PANIC`](abi::STATUS_PANIC), both
//! with a `{"error": "..."}` buffer. Buffers are allocated from a `Vec<u8>` and `free_buf`
//! frees only what this plugin allocated.
//!
//! ## What a plugin receives
//!
//! The host passes the document record as JSON (the same layout `documents.jsonl` holds,
//! see `tilmash schema`), with `text` always filled in for the call. The SDK gives the
//! plugin a [`Document`], parsed on demand: a typed [`DocRecord`] parsed *leniently*
//! (unknown fields are ignored and missing ones take defaults, so a plugin keeps working
//! when the record gains fields), a type of the plugin's own, or the whole record as a
//! [`serde_json::Value`] (everything, including fields newer than this SDK). (The host's own `tilmash_core::Record` denies unknown fields, which is
//! right for validating an index but wrong for a plugin, hence this separate copy.)

#![warn(missing_docs)]

use std::collections::BTreeMap;
use std::ffi::c_void;
use std::panic::{AssertUnwindSafe, catch_unwind};

use serde::Deserialize;

pub use serde_json;
/// The C ABI this SDK implements.
pub use tilmash_plugin_abi as abi;

/// A tilmash plugin. Instances are made from the user's configuration JSON (`{}` when
/// none); `summarize` is called once per document. When [`Plugin::THREAD_SAFE`] is true
/// (the default: `&self`) one instance serves every thread at once; otherwise tilmash
/// makes one instance per concurrent call and never calls one instance from two threads.
pub trait Plugin: Sized + Send + Sync + 'static {
    /// The plugin's name: 1 to 64 bytes of `[a-z0-9_-]`; its output goes under
    /// `summaries.<NAME>`. Must not contain a NUL byte.
    const NAME: &'static str;
    /// The plugin's version (semver), recorded in the index descriptor.
    const VERSION: &'static str;
    /// The manifest JSON (free-form object describing inputs and outputs). tilmash reads
    /// one key: `"needs_text": false` says the plugin never reads the record's text, so
    /// that tilmash may leave it out of what it sends.
    const MANIFEST: &'static str = "{}";
    /// Whether `summarize` may run concurrently on one instance (see the trait docs).
    const THREAD_SAFE: bool = true;

    /// Make an instance from the configuration JSON.
    fn new(config: &serde_json::Value) -> Result<Self, String>;

    /// Summarize one document; the returned JSON goes under `summaries.<NAME>.output`.
    fn summarize(&self, doc: &Document) -> Result<serde_json::Value, String>;
}

/// One document as the plugin receives it: the record's JSON bytes, parsed only as far as
/// the plugin asks.
///
/// [`Document::record`] gives the typed, lenient view ([`DocRecord`]); [`Document::parse`]
/// reads the record into a type of your own, which is cheaper when you need a few fields
/// (serde skips the others without building them: no copy of the text, no sentences);
/// [`Document::json`] gives the whole record as a [`serde_json::Value`], every field
/// included. Each is parsed on first use. Building a `Value` of every record used to be
/// most of what a plugin cost a run.
#[derive(Debug, Clone)]
pub struct Document {
    raw: Vec<u8>,
    record: std::sync::OnceLock<Result<DocRecord, String>>,
    json: std::sync::OnceLock<Result<serde_json::Value, String>>,
    host: Host,
}

impl Document {
    /// The document whose record JSON is `bytes` (not parsed yet).
    pub fn from_json(bytes: &[u8]) -> Document {
        Document::with_host(bytes, Host::NONE)
    }

    fn with_host(bytes: &[u8], host: Host) -> Document {
        Document {
            raw: bytes.to_vec(),
            record: std::sync::OnceLock::new(),
            json: std::sync::OnceLock::new(),
            host,
        }
    }

    /// The record parsed leniently into typed fields (unknown fields ignored, missing
    /// ones defaulted); an error when the bytes are not a JSON record.
    pub fn record(&self) -> Result<&DocRecord, String> {
        self.record
            .get_or_init(|| self.parse())
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The whole record as the host sent it, every field included (also those newer than
    /// this SDK).
    pub fn json(&self) -> Result<&serde_json::Value, String> {
        self.json
            .get_or_init(|| self.parse())
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Parse the record into a type of your own: the cheapest way to read a few fields.
    /// Allow unknown fields (no `deny_unknown_fields`) and default missing ones: records
    /// gain fields over time.
    pub fn parse<T: serde::de::DeserializeOwned>(&self) -> Result<T, String> {
        serde_json::from_slice(&self.raw).map_err(|e| {
            if e.is_data() {
                format!("record does not have the expected layout: {e}")
            } else {
                format!("record is not JSON: {e}")
            }
        })
    }

    /// The record's JSON bytes, exactly as the host sent them.
    pub fn raw(&self) -> &[u8] {
        &self.raw
    }

    /// Whether the host asks this call to stop (its deadline, `--plugin-timeout`, has
    /// passed). A long computation should check now and then and return early; the host
    /// then records the summary as `timeout`.
    pub fn cancelled(&self) -> bool {
        self.host.is_cancelled()
    }

    /// Write one line to the host's log (tilmash: stderr, prefixed with the plugin's name,
    /// rate-limited; debug and trace messages are dropped).
    pub fn log(&self, level: LogLevel, message: &str) {
        self.host.log(level, message);
    }
}

/// How important a log message is (see [`Document::log`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum LogLevel {
    Error,
    Warn,
    Info,
    Debug,
    Trace,
}

/// The host services given to `create`, if any.
#[derive(Debug, Clone, Copy)]
struct Host(*const abi::HostApi);

// SAFETY: the ABI lets the host's `log` and `is_cancelled` be called from any thread on
// which the host calls into the plugin, and the HostApi stays valid (and unchanged) until
// the instance is destroyed, which outlives every Document made for one of its calls.
unsafe impl Send for Host {}
// SAFETY: as above; the HostApi is only ever read.
unsafe impl Sync for Host {}

impl Host {
    const NONE: Host = Host(std::ptr::null());

    fn api(&self) -> Option<&abi::HostApi> {
        // SAFETY: null, or the HostApi the host passed to create, valid until destroy.
        unsafe { self.0.as_ref() }
    }

    fn is_cancelled(&self) -> bool {
        let Some(api) = self.api() else { return false };
        match api.is_cancelled {
            // SAFETY: the ABI's is_cancelled contract, on the thread of the host's call.
            Some(f) => unsafe { f(api.host_ctx) != 0 },
            None => false,
        }
    }

    fn log(&self, level: LogLevel, message: &str) {
        let Some(api) = self.api() else { return };
        let level = match level {
            LogLevel::Error => abi::LOG_ERROR,
            LogLevel::Warn => abi::LOG_WARN,
            LogLevel::Info => abi::LOG_INFO,
            LogLevel::Debug => abi::LOG_DEBUG,
            LogLevel::Trace => abi::LOG_TRACE,
        };
        if let Some(f) = api.log {
            // SAFETY: the ABI's log contract: the message is lent for the call.
            unsafe { f(api.host_ctx, level, message.as_ptr(), message.len()) };
        }
    }
}

/// `text[start..end]` with code-point offsets.
pub fn slice_chars(text: &str, start: usize, end: usize) -> Option<&str> {
    if start > end {
        return None;
    }
    let mut indices = text.char_indices().map(|(i, _)| i).chain([text.len()]);
    let s = indices.nth(start)?;
    let e = if end == start {
        s
    } else {
        indices.nth(end - start - 1)?
    };
    Some(&text[s..e])
}

/// The document record, parsed leniently (mirrors `tilmash_core::Record`, unknown fields
/// ignored, every field defaulted).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
#[allow(missing_docs)]
pub struct DocRecord {
    pub schema: String,
    pub id: Option<String>,
    pub source: DocSource,
    pub language: DocLanguage,
    pub text: Option<String>,
    pub chars: usize,
    pub paragraphs: Vec<DocParagraph>,
    pub sentences: Vec<DocSentence>,
    pub published: Option<String>,
    pub entities: Vec<DocEntity>,
}

/// Where the document came from.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
#[allow(missing_docs)]
pub struct DocSource {
    pub path: String,
    pub bytes: Option<u64>,
    pub sha256: Option<String>,
    pub encoding: Option<String>,
    pub format: Option<String>,
}

impl DocRecord {
    /// The document text (empty if the host sent none).
    pub fn text(&self) -> &str {
        self.text.as_deref().unwrap_or("")
    }

    /// `text[start..end]` in code points (the offsets every record uses), or `None` when
    /// out of range.
    pub fn slice(&self, start: usize, end: usize) -> Option<&str> {
        slice_chars(self.text(), start, end)
    }
}

/// The document's languages.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
#[allow(missing_docs)]
pub struct DocLanguage {
    pub main: String,
    pub script: Option<String>,
    pub shares: BTreeMap<String, f64>,
}

/// A paragraph (code-point offsets).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
#[allow(missing_docs)]
pub struct DocParagraph {
    pub start: usize,
    pub end: usize,
    pub boilerplate: bool,
    pub lang: String,
}

/// A sentence (code-point offsets).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
#[allow(missing_docs)]
pub struct DocSentence {
    pub start: usize,
    pub end: usize,
    pub paragraph: usize,
    pub lang: String,
}

/// An extracted entity; type-specific fields (`value`, `unit`, …) are in `fields`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
#[allow(missing_docs)]
pub struct DocEntity {
    #[serde(rename = "type")]
    pub kind: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub sentence: usize,
    pub lang: String,
    #[serde(flatten)]
    pub fields: BTreeMap<String, serde_json::Value>,
}

// ---------------------------------------------------------------------------------------
// Runtime behind export_plugin! (public for the macro, not for plugin authors).

#[doc(hidden)]
pub mod __rt {
    use super::*;
    use crate::abi::{Buf, HostApi, STATUS_ERROR, STATUS_OK, STATUS_PANIC};

    /// A Vec's bytes as a Buf; `free_buf` turns it back into the Vec.
    pub fn buf_from_vec(v: Vec<u8>) -> Buf {
        if v.is_empty() {
            return Buf::EMPTY;
        }
        let mut v = std::mem::ManuallyDrop::new(v);
        Buf {
            ptr: v.as_mut_ptr(),
            len: v.len(),
            cap: v.capacity(),
        }
    }

    /// # Safety
    /// `buf` must be EMPTY or come from [`buf_from_vec`] and not have been freed.
    pub unsafe fn free_buf(buf: Buf) {
        if buf.ptr.is_null() {
            return;
        }
        // SAFETY: per the contract, ptr/len/cap come from a Vec<u8> this crate leaked.
        drop(unsafe { Vec::from_raw_parts(buf.ptr, buf.len, buf.cap) });
    }

    fn error_json(message: &str) -> Vec<u8> {
        serde_json::to_vec(&serde_json::json!({ "error": message }))
            .unwrap_or_else(|_| b"{\"error\":\"unserializable error\"}".to_vec())
    }

    fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
        payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_owned())
    }

    unsafe fn lent<'a>(ptr: *const u8, len: usize) -> &'a [u8] {
        if ptr.is_null() || len == 0 {
            &[]
        } else {
            // SAFETY: the host lends `len` readable bytes for the duration of the call.
            unsafe { std::slice::from_raw_parts(ptr, len) }
        }
    }

    unsafe fn write_out(out: *mut Buf, bytes: Vec<u8>) {
        if !out.is_null() {
            // SAFETY: the host passes a valid out-pointer.
            unsafe { out.write(buf_from_vec(bytes)) };
        }
    }

    /// What `create` makes: the plugin and the host services it was given.
    #[allow(missing_debug_implementations)]
    pub struct Instance<P> {
        plugin: P,
        host: Host,
    }

    /// # Safety
    /// Called through the ABI with the `create` contract.
    pub unsafe fn create<P: Plugin>(
        host: *const HostApi,
        cfg: *const u8,
        cfg_len: usize,
        out_inst: *mut *mut c_void,
        out_err: *mut Buf,
    ) -> i32 {
        let cfg = unsafe { lent(cfg, cfg_len) };
        let result = catch_unwind(AssertUnwindSafe(|| {
            let config: serde_json::Value = if cfg.is_empty() {
                serde_json::Value::Object(Default::default())
            } else {
                serde_json::from_slice(cfg).map_err(|e| format!("config is not JSON: {e}"))?
            };
            P::new(&config)
        }));
        match result {
            Ok(Ok(instance)) => {
                if !out_inst.is_null() {
                    let instance = Instance {
                        plugin: instance,
                        host: Host(host),
                    };
                    let ptr = Box::into_raw(Box::new(instance)).cast::<c_void>();
                    // SAFETY: valid out-pointer from the host.
                    unsafe { out_inst.write(ptr) };
                }
                STATUS_OK
            }
            Ok(Err(e)) => {
                unsafe { write_out(out_err, error_json(&e)) };
                STATUS_ERROR
            }
            Err(p) => {
                unsafe { write_out(out_err, error_json(&panic_message(&*p))) };
                STATUS_PANIC
            }
        }
    }

    /// # Safety
    /// Called through the ABI with the `summarize` contract; `inst` from [`create`].
    pub unsafe fn summarize<P: Plugin>(
        inst: *mut c_void,
        doc: *const u8,
        doc_len: usize,
        out: *mut Buf,
    ) -> i32 {
        let doc = unsafe { lent(doc, doc_len) };
        let result = catch_unwind(AssertUnwindSafe(|| {
            if inst.is_null() {
                return Err(
                    "summarize called without an instance (create was not called)".to_owned(),
                );
            }
            // SAFETY: inst is the Box<Instance<P>> made by create and not yet destroyed.
            let instance = unsafe { &*inst.cast::<Instance<P>>() };
            let document = Document::with_host(doc, instance.host);
            let value = instance.plugin.summarize(&document)?;
            serde_json::to_vec(&value).map_err(|e| format!("cannot serialize output: {e}"))
        }));
        match result {
            Ok(Ok(bytes)) => {
                unsafe { write_out(out, bytes) };
                STATUS_OK
            }
            Ok(Err(e)) => {
                unsafe { write_out(out, error_json(&e)) };
                STATUS_ERROR
            }
            Err(p) => {
                unsafe { write_out(out, error_json(&panic_message(&*p))) };
                STATUS_PANIC
            }
        }
    }

    /// # Safety
    /// `inst` from [`create`] for the same `P`, destroyed once.
    pub unsafe fn destroy<P: Plugin>(inst: *mut c_void) {
        if inst.is_null() {
            return;
        }
        let _ = catch_unwind(AssertUnwindSafe(|| {
            // SAFETY: inst is the Box<Instance<P>> made by create.
            drop(unsafe { Box::from_raw(inst.cast::<Instance<P>>()) });
        }));
    }

    /// The descriptor flags for `P`.
    pub const fn flags<P: Plugin>() -> u32 {
        if P::THREAD_SAFE {
            crate::abi::FLAG_THREAD_SAFE
        } else {
            0
        }
    }

    /// Concatenate a string with a NUL at compile time.
    #[macro_export]
    #[doc(hidden)]
    macro_rules! __cstr {
        ($s:expr) => {{
            const S: &str = $s;
            const N: usize = S.len() + 1;
            const B: [u8; N] = {
                let mut out = [0u8; N];
                let bytes = S.as_bytes();
                let mut i = 0;
                while i < bytes.len() {
                    assert!(bytes[i] != 0, "plugin strings must not contain NUL");
                    out[i] = bytes[i];
                    i += 1;
                }
                out
            };
            B.as_ptr().cast::<::std::ffi::c_char>()
        }};
    }
}

/// Export a [`Plugin`] implementation as the `tilmash_plugin_v1` entry point.
///
/// Use once per `cdylib` crate: `tilmash_plugin::export_plugin!(MyPlugin);`
#[macro_export]
macro_rules! export_plugin {
    ($ty:ty) => {
        /// The tilmash plugin entry point (ABI 1.x): returns the static descriptor.
        #[unsafe(no_mangle)]
        pub extern "C" fn tilmash_plugin_v1() -> *const $crate::abi::PluginDescriptor {
            use $crate::abi;

            unsafe extern "C" fn create(
                host: *const abi::HostApi,
                cfg: *const u8,
                cfg_len: usize,
                out_inst: *mut *mut ::std::ffi::c_void,
                out_err: *mut abi::Buf,
            ) -> i32 {
                unsafe { $crate::__rt::create::<$ty>(host, cfg, cfg_len, out_inst, out_err) }
            }
            unsafe extern "C" fn summarize(
                inst: *mut ::std::ffi::c_void,
                doc: *const u8,
                doc_len: usize,
                out: *mut abi::Buf,
            ) -> i32 {
                unsafe { $crate::__rt::summarize::<$ty>(inst, doc, doc_len, out) }
            }
            unsafe extern "C" fn free_buf(buf: abi::Buf) {
                unsafe { $crate::__rt::free_buf(buf) }
            }
            unsafe extern "C" fn destroy(inst: *mut ::std::ffi::c_void) {
                unsafe { $crate::__rt::destroy::<$ty>(inst) }
            }

            static DESCRIPTOR: abi::PluginDescriptor = abi::PluginDescriptor {
                magic: abi::TILMASH_PLUGIN_MAGIC,
                struct_size: abi::PluginDescriptor::STRUCT_SIZE,
                abi_major: abi::ABI_MAJOR,
                abi_minor: abi::ABI_MINOR,
                flags: $crate::__rt::flags::<$ty>(),
                name: $crate::__cstr!(<$ty as $crate::Plugin>::NAME),
                version: $crate::__cstr!(<$ty as $crate::Plugin>::VERSION),
                manifest_json: $crate::__cstr!(<$ty as $crate::Plugin>::MANIFEST),
                create: Some(create),
                summarize: Some(summarize),
                free_buf: Some(free_buf),
                destroy: Some(destroy),
            };
            &DESCRIPTOR
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Echo;
    impl Plugin for Echo {
        const NAME: &'static str = "echo";
        const VERSION: &'static str = "0.1.0";
        fn new(config: &serde_json::Value) -> Result<Self, String> {
            if config.get("fail").is_some() {
                return Err("asked to fail".to_owned());
            }
            Ok(Echo)
        }
        fn summarize(&self, doc: &Document) -> Result<serde_json::Value, String> {
            let record = doc.record()?;
            match record.text() {
                "panic" => panic!("boom"),
                "error" => Err("bad document".to_owned()),
                t => Ok(
                    serde_json::json!({ "chars": t.chars().count(), "path": record.source.path }),
                ),
            }
        }
    }
    export_plugin!(Echo);

    fn call(desc: &abi::PluginDescriptor, inst: *mut c_void, doc: &str) -> (i32, String) {
        let mut out = abi::Buf::EMPTY;
        let summarize = desc.summarize.expect("summarize");
        let status = unsafe { summarize(inst, doc.as_ptr(), doc.len(), &mut out) };
        let text = String::from_utf8(unsafe { out.as_bytes() }.to_vec()).expect("utf8");
        unsafe { (desc.free_buf.expect("free"))(out) };
        (status, text)
    }

    #[test]
    fn descriptor_passes_the_host_check_and_calls_map_to_statuses() {
        let ptr = tilmash_plugin_v1();
        let info = unsafe { abi::check_descriptor(ptr) }.expect("valid descriptor");
        assert_eq!(info.name, "echo");
        assert_eq!(info.version, "0.1.0");
        assert!(info.thread_safe);
        let desc = unsafe { &*ptr };
        let mut inst = std::ptr::null_mut();
        let mut err = abi::Buf::EMPTY;
        let cfg = b"{}";
        let st = unsafe {
            (desc.create.expect("create"))(
                std::ptr::null(),
                cfg.as_ptr(),
                cfg.len(),
                &mut inst,
                &mut err,
            )
        };
        assert_eq!(st, abi::STATUS_OK);
        assert!(!inst.is_null());

        // Unknown fields are ignored, missing ones defaulted.
        let (st, out) = call(
            desc,
            inst,
            r#"{"text":"абв","source":{"path":"a.txt","future":1},"new_field":[1]}"#,
        );
        assert_eq!(st, abi::STATUS_OK);
        assert_eq!(out, r#"{"chars":3,"path":"a.txt"}"#);

        let (st, out) = call(desc, inst, r#"{"text":"error"}"#);
        assert_eq!(
            (st, out.as_str()),
            (abi::STATUS_ERROR, r#"{"error":"bad document"}"#)
        );

        let (st, out) = call(desc, inst, r#"{"text":"panic"}"#);
        assert_eq!(
            (st, out.as_str()),
            (abi::STATUS_PANIC, r#"{"error":"boom"}"#)
        );

        let (st, out) = call(desc, inst, "not json");
        assert_eq!(st, abi::STATUS_ERROR);
        assert!(out.contains("record is not JSON"), "{out}");

        unsafe { (desc.destroy.expect("destroy"))(inst) };

        let cfg = br#"{"fail":true}"#;
        let mut inst = std::ptr::null_mut();
        let st = unsafe {
            (desc.create.expect("create"))(
                std::ptr::null(),
                cfg.as_ptr(),
                cfg.len(),
                &mut inst,
                &mut err,
            )
        };
        assert_eq!(st, abi::STATUS_ERROR);
        assert_eq!(unsafe { err.as_bytes() }, br#"{"error":"asked to fail"}"#);
        unsafe { (desc.free_buf.expect("free"))(err) };
    }

    #[test]
    fn slices_by_code_points() {
        assert_eq!(slice_chars("қазақ тілі", 0, 5), Some("қазақ"));
        assert_eq!(slice_chars("қазақ тілі", 6, 10), Some("тілі"));
        assert_eq!(slice_chars("абв", 3, 3), Some(""));
        assert_eq!(slice_chars("абв", 2, 4), None);
    }
}
