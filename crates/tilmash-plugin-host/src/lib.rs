//! tilmash-plugin-host: load tilmash plugins (shared libraries speaking the ABI of
//! `tilmash-plugin-abi`) and run them on document records.
//!
//! [`load`] opens the library, looks up `tilmash_plugin_v1`, checks the descriptor
//! (magic, size, ABI version, name) before touching anything else, and calls `create` once.
//! [`NativePlugin::summarize`] lends the record JSON, reads the returned buffer, frees it
//! with the plugin's own `free_buf`, and maps the status to a [`Summary`].
//!
//! Libraries are never unloaded: each loaded `Library` is leaked for the life of the
//! process (a plugin may have registered thread-locals or atexit handlers, and unloading
//! them is a classic source of crashes at exit). A plugin that does not set
//! `FLAG_THREAD_SAFE` gets a pool of instances, one per concurrent call, instead of one
//! shared instance.
//!
//! The host offers plugins two services through the `HostApi` given to `create`: `log`
//! (one line on stderr, `tilmash: plugin NAME: LEVEL: message`, at most 20 a second per
//! plugin, debug and trace dropped) and `is_cancelled` (yes once the call in progress on
//! that thread has run past its deadline, [`LoadOptions::deadline`]).

pub mod isolated;

use std::cell::Cell;
use std::ffi::c_void;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tilmash_core::model::{Summary, SummaryStatus};
use tilmash_plugin_abi::{
    self as abi, ABI_MAJOR, ABI_MINOR, AbiError, Buf, EntryFn, HostApi, PluginDescriptor,
};

/// What the index descriptor records about a plugin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PluginInfo {
    pub name: String,
    pub version: String,
    /// ABI the plugin was built for, `major.minor`.
    pub abi: String,
    /// The library's path as loaded.
    pub path: String,
    /// Hex sha256 of the library file.
    pub sha256: String,
    /// Whether the plugin may be called from several threads at once.
    pub thread_safe: bool,
    /// The plugin's manifest.
    pub manifest: serde_json::Value,
}

/// Why a plugin could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoadError {
    #[error("{path}: cannot read: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: cannot load the library: {message}")]
    Open { path: String, message: String },
    #[error("{path}: not a tilmash plugin (no `tilmash_plugin_v1` entry point)")]
    NoEntry { path: String },
    #[error("{path}: {source}")]
    Abi {
        path: String,
        #[source]
        source: AbiError,
    },
    #[error("{path}: plugin manifest is not valid JSON: {message}")]
    Manifest { path: String, message: String },
    #[error("{path}: plugin {name} refused to start: {message}")]
    Create {
        path: String,
        name: String,
        message: String,
    },
}

/// A loaded, checked and instantiated plugin.
///
/// A thread-safe plugin (`FLAG_THREAD_SAFE`) has one instance that every thread calls. Any
/// other plugin gets a pool of instances: a call takes an idle one (creating it with the
/// same configuration when none is idle) and gives it back afterwards, so no instance ever
/// runs two calls at once and there are at most as many instances as threads calling.
pub struct NativePlugin {
    info: PluginInfo,
    desc: &'static PluginDescriptor,
    host: HostRef,
    /// The configuration JSON, kept to create more instances.
    config: String,
    /// The instance of a thread-safe plugin.
    shared: Option<Instance>,
    /// Idle instances of a plugin that is not thread-safe.
    idle: Mutex<Vec<Instance>>,
    /// Cooperative deadline of one call: after it, the plugin's `is_cancelled` says yes.
    deadline: Option<Duration>,
}

impl fmt::Debug for NativePlugin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NativePlugin")
            .field("info", &self.info)
            .finish_non_exhaustive()
    }
}

/// One instance pointer of the plugin.
struct Instance(*mut c_void);
// SAFETY: the ABI lets an instance be used from a thread other than the one that created
// it. Concurrent use is what `FLAG_THREAD_SAFE` is about: a shared instance exists only
// when the plugin sets it, and pooled instances are used by one call at a time.
unsafe impl Send for Instance {}
// SAFETY: as above; `&Instance` is only shared across threads for thread-safe plugins.
unsafe impl Sync for Instance {}

/// The HostApi given to every instance of one plugin: leaked, never written after load.
#[derive(Clone, Copy)]
struct HostRef(&'static HostApi);
// SAFETY: the HostApi is immutable after load; its host_ctx points to a leaked HostCtx,
// which is Sync (a name and a Mutex), and its callbacks are plain functions.
unsafe impl Send for HostRef {}
// SAFETY: as above.
unsafe impl Sync for HostRef {}

/// A library opened, its entry point called and its descriptor checked; not yet created.
struct Opened {
    desc: &'static PluginDescriptor,
    info: PluginInfo,
}

fn open(path: &Path) -> Result<Opened, LoadError> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| LoadError::Read {
        path: shown.clone(),
        source,
    })?;
    let sha256 = hex(&Sha256::digest(&bytes));
    // A bare file name would make dlopen search the system paths.
    let full: PathBuf = if path.components().count() == 1 {
        Path::new(".").join(path)
    } else {
        path.to_path_buf()
    };
    // SAFETY: loading a library runs its initializers; that is the point of a plugin,
    // and the user named the file. The library is leaked: never unloaded.
    let lib = unsafe { libloading::Library::new(&full) }.map_err(|e| LoadError::Open {
        path: shown.clone(),
        message: e.to_string(),
    })?;
    let lib: &'static libloading::Library = Box::leak(Box::new(lib));
    // SAFETY: the symbol's type is the ABI's entry point type; a library exporting the
    // name with another type is not a tilmash plugin, which check_descriptor catches
    // from the magic before anything else is read.
    let entry: libloading::Symbol<'static, EntryFn> = unsafe { lib.get(abi::ENTRY_SYMBOL) }
        .map_err(|_| LoadError::NoEntry {
            path: shown.clone(),
        })?;
    // SAFETY: calling the entry point is the ABI's first step.
    let ptr = unsafe { entry() };
    // SAFETY: check_descriptor reads the fixed header first and nothing beyond struct_size.
    let checked = unsafe { abi::check_descriptor(ptr) }.map_err(|source| LoadError::Abi {
        path: shown.clone(),
        source,
    })?;
    let manifest: serde_json::Value =
        serde_json::from_str(&checked.manifest_json).map_err(|e| LoadError::Manifest {
            path: shown.clone(),
            message: e.to_string(),
        })?;
    // SAFETY: checked: non-null, aligned, and a static in a library never unloaded.
    let desc: &'static PluginDescriptor = unsafe { &*ptr };
    Ok(Opened {
        desc,
        info: PluginInfo {
            name: checked.name,
            version: checked.version,
            abi: format!("{}.{}", checked.abi.0, checked.abi.1),
            path: shown,
            sha256,
            thread_safe: checked.thread_safe,
            manifest,
        },
    })
}

/// Open and check a plugin without creating an instance.
pub fn inspect(path: &Path) -> Result<PluginInfo, LoadError> {
    open(path).map(|o| o.info)
}

/// How a plugin is run.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// After this long, the plugin's `is_cancelled` answers yes for the call in progress
    /// and a call that then returns `STATUS_CANCELLED` is recorded as `timeout`. In-process
    /// this is cooperative: a plugin that never asks is waited for.
    pub deadline: Option<Duration>,
}

/// Load a plugin and create its first instance with `config` (JSON; `{}` for none).
pub fn load(path: &Path, config: &serde_json::Value) -> Result<NativePlugin, LoadError> {
    load_with(path, config, &LoadOptions::default())
}

/// [`load`] with options.
pub fn load_with(
    path: &Path,
    config: &serde_json::Value,
    options: &LoadOptions,
) -> Result<NativePlugin, LoadError> {
    let Opened { desc, info } = open(path)?;
    let ctx: &'static HostCtx = Box::leak(Box::new(HostCtx {
        name: info.name.clone(),
        log: Mutex::new(LogLimit::default()),
    }));
    let host: &'static HostApi = Box::leak(Box::new(HostApi {
        struct_size: HostApi::STRUCT_SIZE,
        abi_major: ABI_MAJOR,
        abi_minor: ABI_MINOR,
        host_ctx: std::ptr::from_ref(ctx).cast_mut().cast(),
        log: Some(host_log),
        is_cancelled: Some(host_is_cancelled),
    }));
    let host = HostRef(host);
    let config = config.to_string();
    let first = create(desc, host.0, &config).map_err(|message| LoadError::Create {
        path: info.path.clone(),
        name: info.name.clone(),
        message,
    })?;
    let (shared, idle) = if info.thread_safe {
        (Some(first), Vec::new())
    } else {
        (None, vec![first])
    };
    Ok(NativePlugin {
        info,
        desc,
        host,
        config,
        shared,
        idle: Mutex::new(idle),
        deadline: options.deadline,
    })
}

/// Make one instance (a null one when the plugin has no `create`).
fn create(desc: &PluginDescriptor, host: &HostApi, config: &str) -> Result<Instance, String> {
    let Some(create) = desc.create else {
        return Ok(Instance(std::ptr::null_mut()));
    };
    let mut inst: *mut c_void = std::ptr::null_mut();
    let mut err = Buf::EMPTY;
    // SAFETY: the ABI's create contract: host API valid for the instance's life (leaked),
    // cfg lent for the call, out-pointers valid.
    let status = unsafe { create(host, config.as_ptr(), config.len(), &mut inst, &mut err) };
    let report = take_buf(desc, err);
    if status == abi::STATUS_OK {
        Ok(Instance(inst))
    } else {
        Err(report
            .map(|bytes| error_message(&bytes))
            .unwrap_or_else(|| format!("status {status}")))
    }
}

impl NativePlugin {
    /// Name, version, ABI, path and hash.
    pub fn info(&self) -> &PluginInfo {
        &self.info
    }

    /// Run the plugin on one record (UTF-8 JSON).
    pub fn summarize(&self, record_json: &[u8]) -> Summary {
        if let Some(instance) = &self.shared {
            return self.call(instance, record_json);
        }
        let pooled = self.idle.lock().unwrap_or_else(|p| p.into_inner()).pop();
        let instance = match pooled {
            Some(instance) => instance,
            None => match create(self.desc, self.host.0, &self.config) {
                Ok(instance) => instance,
                Err(message) => {
                    return error_summary(format!(
                        "cannot create another instance of the plugin: {message}"
                    ));
                }
            },
        };
        let summary = self.call(&instance, record_json);
        self.idle
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(instance);
        summary
    }

    fn call(&self, instance: &Instance, record_json: &[u8]) -> Summary {
        let Some(summarize) = self.desc.summarize else {
            // check_descriptor guarantees it; kept total rather than panicking.
            return error_summary("plugin has no summarize".to_owned());
        };
        let deadline = self.deadline.map(|d| Instant::now() + d);
        DEADLINE.set(deadline);
        let mut out = Buf::EMPTY;
        // SAFETY: the ABI's summarize contract: input lent, out-pointer valid, instance
        // from create, never called concurrently unless the plugin is thread-safe.
        let status = unsafe {
            summarize(
                instance.0,
                record_json.as_ptr(),
                record_json.len(),
                &mut out,
            )
        };
        DEADLINE.set(None);
        let bytes = take_buf(self.desc, out).unwrap_or_default();
        match abi::Status::from_raw(status) {
            Some(abi::Status::Ok) => match serde_json::from_slice::<serde_json::Value>(&bytes) {
                Ok(output) => Summary {
                    status: SummaryStatus::Ok,
                    output: Some(output),
                    error: None,
                },
                Err(e) => error_summary(format!("plugin returned invalid JSON: {e}")),
            },
            Some(abi::Status::Panic) => {
                error_summary(format!("plugin panicked: {}", error_message(&bytes)))
            }
            Some(abi::Status::Cancelled) if deadline.is_some_and(|d| Instant::now() >= d) => {
                Summary {
                    status: SummaryStatus::Timeout,
                    output: None,
                    error: Some(format!(
                        "plugin stopped when told its {} s were up: {}",
                        self.deadline.map_or(0.0, |d| d.as_secs_f64()),
                        error_message(&bytes)
                    )),
                }
            }
            Some(_) => error_summary(error_message(&bytes)),
            None => error_summary(format!(
                "plugin returned unknown status {status}: {}",
                error_message(&bytes)
            )),
        }
    }
}

impl Drop for NativePlugin {
    fn drop(&mut self) {
        let idle = std::mem::take(self.idle.get_mut().unwrap_or_else(|p| p.into_inner()));
        for instance in self.shared.take().into_iter().chain(idle) {
            if let Some(destroy) = self.desc.destroy
                && !instance.0.is_null()
            {
                // SAFETY: the instance came from create and is destroyed exactly once.
                unsafe { destroy(instance.0) };
            }
        }
        // SAFETY: host_ctx is the leaked HostCtx made in load_with.
        let ctx = unsafe { &*self.host.0.host_ctx.cast::<HostCtx>() };
        ctx.flush_suppressed();
    }
}

// ---------------------------------------------------------------------------------------
// Host services: log and is_cancelled.

thread_local! {
    /// When the call in progress on this thread must stop; `None` outside calls.
    static DEADLINE: Cell<Option<Instant>> = const { Cell::new(None) };
}

/// `is_cancelled`: yes once the deadline of this thread's call has passed.
unsafe extern "C" fn host_is_cancelled(_host_ctx: *mut c_void) -> i32 {
    i32::from(DEADLINE.get().is_some_and(|d| Instant::now() >= d))
}

/// What a plugin's `log` calls share: its name and the rate limit.
struct HostCtx {
    name: String,
    log: Mutex<LogLimit>,
}

/// At most [`LOG_BURST`] messages per plugin per second reach stderr; the others are
/// counted and reported as one line, so a plugin logging per document cannot flood the
/// terminal or slow the run down.
#[derive(Default)]
struct LogLimit {
    window: Option<Instant>,
    shown: u32,
    suppressed: u64,
}

const LOG_BURST: u32 = 20;

impl HostCtx {
    fn log(&self, level: i32, message: &str) {
        let level = match level {
            abi::LOG_ERROR => "error",
            abi::LOG_WARN => "warning",
            abi::LOG_INFO => "info",
            // Debug and trace detail is for the plugin's author, not for a run's stderr.
            abi::LOG_DEBUG | abi::LOG_TRACE => return,
            _ => "log",
        };
        let now = Instant::now();
        let mut limit = self.log.lock().unwrap_or_else(|p| p.into_inner());
        if limit
            .window
            .is_none_or(|w| now.duration_since(w) >= Duration::from_secs(1))
        {
            if limit.suppressed > 0 {
                eprintln!(
                    "tilmash: plugin {}: ({} more log messages not shown)",
                    self.name, limit.suppressed
                );
            }
            *limit = LogLimit {
                window: Some(now),
                shown: 0,
                suppressed: 0,
            };
        }
        if limit.shown < LOG_BURST {
            limit.shown += 1;
            // One line per message, whatever the plugin sent.
            let line: String = message
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            eprintln!(
                "tilmash: plugin {}: {level}: {}",
                self.name,
                line.trim_end()
            );
        } else {
            limit.suppressed += 1;
        }
    }

    fn flush_suppressed(&self) {
        let mut limit = self.log.lock().unwrap_or_else(|p| p.into_inner());
        if limit.suppressed > 0 {
            eprintln!(
                "tilmash: plugin {}: ({} more log messages not shown)",
                self.name, limit.suppressed
            );
            limit.suppressed = 0;
        }
    }
}

/// `log`: one rate-limited line on stderr, prefixed with the plugin's name.
unsafe extern "C" fn host_log(host_ctx: *mut c_void, level: i32, msg: *const u8, len: usize) {
    if host_ctx.is_null() {
        return;
    }
    // SAFETY: host_ctx is the leaked HostCtx this host put in the HostApi, never freed.
    let ctx = unsafe { &*host_ctx.cast::<HostCtx>() };
    let bytes = if msg.is_null() || len == 0 {
        &[][..]
    } else {
        // SAFETY: the plugin lends `len` readable bytes for the call.
        unsafe { std::slice::from_raw_parts(msg, len) }
    };
    // Never unwind into the plugin's C frames.
    let _ = std::panic::catch_unwind(|| ctx.log(level, &String::from_utf8_lossy(bytes)));
}

fn error_summary(message: String) -> Summary {
    Summary {
        status: SummaryStatus::Error,
        output: None,
        error: Some(message),
    }
}

/// Copy a plugin's buffer out and free it with the plugin's `free_buf`.
fn take_buf(desc: &PluginDescriptor, buf: Buf) -> Option<Vec<u8>> {
    // SAFETY: the plugin promises ptr/len describe initialised bytes until freed.
    let bytes = unsafe { buf.as_bytes() }.to_vec();
    free(desc, buf);
    (!bytes.is_empty()).then_some(bytes)
}

fn free(desc: &PluginDescriptor, buf: Buf) {
    if buf.ptr.is_null() {
        return;
    }
    if let Some(free_buf) = desc.free_buf {
        // SAFETY: the buffer was produced by this plugin and is freed once.
        unsafe { free_buf(buf) };
    }
}

/// The message of an error report: `{"error": "..."}`, else the bytes as text.
fn error_message(bytes: &[u8]) -> String {
    if let Ok(serde_json::Value::Object(map)) = serde_json::from_slice(bytes)
        && let Some(serde_json::Value::String(s)) = map.get("error")
    {
        return s.clone();
    }
    let text = String::from_utf8_lossy(bytes).trim().to_owned();
    if text.is_empty() {
        "plugin reported an error without a message".to_owned()
    } else {
        text
    }
}

fn hex(digest: &[u8]) -> String {
    use fmt::Write;
    let mut s = String::with_capacity(digest.len() * 2);
    for b in digest {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// Whether a file name looks like a tilmash plugin library built by cargo:
/// `libtilmash_plugin_<name>.so` (Linux), `libtilmash_plugin_<name>.dylib` (macOS),
/// `tilmash_plugin_<name>.dll` (Windows). The SDK and ABI crates themselves
/// (`tilmash_plugin_abi`, `tilmash_plugin_host`) are never cdylibs, and are excluded.
pub fn is_plugin_file_name(name: &str) -> bool {
    let stem = if let Some(s) = name.strip_suffix(std::env::consts::DLL_SUFFIX) {
        s
    } else {
        return false;
    };
    let Some(rest) = stem
        .strip_prefix(std::env::consts::DLL_PREFIX)
        .and_then(|s| s.strip_prefix("tilmash_plugin_"))
    else {
        return false;
    };
    !rest.is_empty() && !matches!(rest, "abi" | "host")
}

/// Plugin libraries in `dir` (not recursive), sorted by path. Test-only plugins live in
/// `plugins/testing/` and are named `tilmash_test_plugin_*`, so they never match.
pub fn find_in(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file() || t.is_symlink()))
        .filter(|e| is_plugin_file_name(&e.file_name().to_string_lossy()))
        .map(|e| e.path())
        .collect();
    found.sort();
    found
}

/// Plugin libraries next to the running executable: `<exe dir>/` and `<exe dir>/plugins/`.
/// `cargo build --workspace` puts the workspace's plugin cdylibs right next to
/// `target/<profile>/tilmash`, so they are found with no flags.
pub fn find_next_to_exe() -> Vec<PathBuf> {
    let Some(dir) = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(Path::to_path_buf))
    else {
        return Vec::new();
    };
    let mut found = find_in(&dir);
    found.extend(find_in(&dir.join("plugins")));
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plugin_file_names() {
        let so = |n: &str| {
            format!(
                "{}{n}{}",
                std::env::consts::DLL_PREFIX,
                std::env::consts::DLL_SUFFIX
            )
        };
        assert!(is_plugin_file_name(&so("tilmash_plugin_digest")));
        assert!(is_plugin_file_name(&so(
            "tilmash_plugin_extractive_summary"
        )));
        assert!(!is_plugin_file_name(&so("tilmash_plugin_abi")));
        assert!(!is_plugin_file_name(&so("tilmash_plugin_")));
        assert!(!is_plugin_file_name(&so("tilmash_test_plugin_panic")));
        assert!(!is_plugin_file_name("tilmash_plugin_digest.d"));
        assert!(!is_plugin_file_name("libm.so.6"));
    }

    #[test]
    fn error_messages_from_reports() {
        assert_eq!(error_message(br#"{"error":"bad"}"#), "bad");
        assert_eq!(error_message(b"plain"), "plain");
        assert_eq!(
            error_message(b""),
            "plugin reported an error without a message"
        );
    }

    #[test]
    fn a_library_without_the_entry_point_is_not_a_plugin() {
        let libm = Path::new("/lib/x86_64-linux-gnu/libm.so.6");
        if !libm.exists() {
            return;
        }
        let err = inspect(libm).expect_err("libm is not a plugin");
        assert!(err.to_string().contains("not a tilmash plugin"), "{err}");
    }

    #[test]
    fn a_missing_file_is_a_read_error() {
        let err = inspect(Path::new("/nonexistent/libtilmash_plugin_x.so")).expect_err("missing");
        assert!(matches!(err, LoadError::Read { .. }), "{err}");
    }
}

#[cfg(test)]
mod discovery_tests {
    use super::*;

    #[test]
    fn finds_only_plugin_libraries_sorted() -> std::io::Result<()> {
        let dir = std::env::temp_dir().join(format!("tilmash-find-{}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        let name = |n: &str| {
            format!(
                "{}{n}{}",
                std::env::consts::DLL_PREFIX,
                std::env::consts::DLL_SUFFIX
            )
        };
        for n in [
            name("tilmash_plugin_zeta"),
            name("tilmash_plugin_alpha"),
            name("tilmash_test_plugin_panic"),
            name("tilmash_plugin_abi"),
            "tilmash_plugin_alpha.d".to_owned(),
        ] {
            std::fs::write(dir.join(n), b"")?;
        }
        let found: Vec<String> = find_in(&dir)
            .iter()
            .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .collect();
        std::fs::remove_dir_all(&dir)?;
        assert_eq!(
            found,
            [name("tilmash_plugin_alpha"), name("tilmash_plugin_zeta")]
        );
        Ok(())
    }
}
