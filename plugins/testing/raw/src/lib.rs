//! Test-only plugin written against the raw ABI, without the SDK, so that it can misbehave
//! in ways the SDK never would and exercise the host services the SDK hides.
//!
//! The descriptor is chosen when the host calls the entry point, from the environment
//! variable `TILMASH_TEST_RAW_DESCRIPTOR` (inherited by `--isolate` workers):
//! `wrong-magic` (not a tilmash plugin), `future-abi` (built for ABI 2.0), anything else or
//! unset: a valid ABI 1.0 descriptor. Behaviour comes from the configuration
//! `{"mode": M}`:
//!
//! * `instances` (default): sleeps 50 ms and reports `{"instance": N, "concurrent": B}`,
//!   where `N` numbers the instances in creation order and `B` says whether another call
//!   was running on the same instance at the same time. The plugin is not thread-safe,
//!   so `B` must always be false.
//! * `invalid-json`: returns `{oops` with status OK.
//! * `log`: sends 500 log messages through the host, returns `{"logged": 500}`.
//! * `cancel`: logs once, then polls the host's `is_cancelled` every 5 ms until it says
//!   yes and returns `STATUS_CANCELLED` (gives up with an error after 60 s).
//!
//! Its library is named `tilmash_test_plugin_raw`, which default discovery never matches.

use std::ffi::c_void;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tilmash_plugin_abi::{
    ABI_MAJOR, ABI_MINOR, Buf, HostApi, LOG_INFO, PluginDescriptor, STATUS_BAD_INPUT,
    STATUS_CANCELLED, STATUS_ERROR, STATUS_OK, TILMASH_PLUGIN_MAGIC,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Instances,
    InvalidJson,
    Log,
    Cancel,
}

struct Instance {
    id: u64,
    mode: Mode,
    host: *const HostApi,
    busy: AtomicBool,
}

/// Instances made so far, for their ids.
static CREATED: AtomicU64 = AtomicU64::new(0);

fn buf(bytes: &[u8]) -> Buf {
    let mut v = std::mem::ManuallyDrop::new(bytes.to_vec());
    Buf {
        ptr: v.as_mut_ptr(),
        len: v.len(),
        cap: v.capacity(),
    }
}

/// The value of `"mode":"…"` in the configuration (no JSON library on purpose).
fn mode_of(cfg: &str) -> Result<Mode, String> {
    let Some(start) = cfg.find("\"mode\":\"").map(|i| i + 8) else {
        return Ok(Mode::Instances);
    };
    let value = &cfg[start..];
    let value = &value[..value.find('"').unwrap_or(value.len())];
    match value {
        "instances" => Ok(Mode::Instances),
        "invalid-json" => Ok(Mode::InvalidJson),
        "log" => Ok(Mode::Log),
        "cancel" => Ok(Mode::Cancel),
        other => Err(format!("unknown mode {other}")),
    }
}

unsafe extern "C" fn create(
    host: *const HostApi,
    cfg: *const u8,
    cfg_len: usize,
    out_inst: *mut *mut c_void,
    out_err: *mut Buf,
) -> i32 {
    let cfg = if cfg.is_null() {
        &[][..]
    } else {
        // SAFETY: the host lends `cfg_len` bytes for the call.
        unsafe { std::slice::from_raw_parts(cfg, cfg_len) }
    };
    let mode = match std::str::from_utf8(cfg)
        .map_err(|e| e.to_string())
        .and_then(mode_of)
    {
        Ok(m) => m,
        Err(e) => {
            // SAFETY: valid out-pointer from the host.
            unsafe { out_err.write(buf(format!("{{\"error\":\"{e}\"}}").as_bytes())) };
            return STATUS_BAD_INPUT;
        }
    };
    let instance = Box::new(Instance {
        id: CREATED.fetch_add(1, Ordering::SeqCst),
        mode,
        host,
        busy: AtomicBool::new(false),
    });
    // SAFETY: valid out-pointer from the host.
    unsafe { out_inst.write(Box::into_raw(instance).cast()) };
    STATUS_OK
}

/// Log through the host, if it offers logging.
fn log(host: *const HostApi, msg: &str) {
    if host.is_null() {
        return;
    }
    // SAFETY: the host API stays valid until the instance is destroyed.
    let host = unsafe { &*host };
    if let Some(log) = host.log {
        // SAFETY: the ABI's log contract; msg lent for the call.
        unsafe { log(host.host_ctx, LOG_INFO, msg.as_ptr(), msg.len()) };
    }
}

unsafe extern "C" fn summarize(
    inst: *mut c_void,
    _doc: *const u8,
    _doc_len: usize,
    out: *mut Buf,
) -> i32 {
    // SAFETY: `inst` is the Box<Instance> made by create, alive until destroy.
    let inst = unsafe { &*inst.cast::<Instance>() };
    let (status, reply): (i32, String) = match inst.mode {
        Mode::Instances => {
            let concurrent = inst.busy.swap(true, Ordering::SeqCst);
            std::thread::sleep(Duration::from_millis(50));
            inst.busy.store(false, Ordering::SeqCst);
            (
                STATUS_OK,
                format!("{{\"instance\":{},\"concurrent\":{concurrent}}}", inst.id),
            )
        }
        Mode::InvalidJson => (STATUS_OK, "{oops".to_owned()),
        Mode::Log => {
            for i in 0..500 {
                log(inst.host, &format!("message {i}"));
            }
            (STATUS_OK, "{\"logged\":500}".to_owned())
        }
        Mode::Cancel => cancel(inst.host),
    };
    // SAFETY: valid out-pointer from the host.
    unsafe { out.write(buf(reply.as_bytes())) };
    status
}

fn cancel(host: *const HostApi) -> (i32, String) {
    // SAFETY: the host API stays valid until the instance is destroyed (null: none).
    let Some(is_cancelled) = (unsafe { host.as_ref() }).and_then(|h| h.is_cancelled) else {
        return (
            STATUS_ERROR,
            "{\"error\":\"the host offers no is_cancelled\"}".to_owned(),
        );
    };
    log(host, "waiting to be cancelled");
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(60) {
        // SAFETY: the ABI's is_cancelled contract, on the thread of the call.
        if unsafe { is_cancelled((*host).host_ctx) } != 0 {
            return (
                STATUS_CANCELLED,
                "{\"error\":\"stopped: the host cancelled the call\"}".to_owned(),
            );
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    (
        STATUS_ERROR,
        "{\"error\":\"never cancelled within 60 s\"}".to_owned(),
    )
}

unsafe extern "C" fn free_buf(buf: Buf) {
    if !buf.ptr.is_null() {
        // SAFETY: every Buf this plugin hands out comes from `buf()`, a leaked Vec<u8>.
        drop(unsafe { Vec::from_raw_parts(buf.ptr, buf.len, buf.cap) });
    }
}

unsafe extern "C" fn destroy(inst: *mut c_void) {
    // SAFETY: `inst` is the Box<Instance> made by create, destroyed once.
    drop(unsafe { Box::from_raw(inst.cast::<Instance>()) });
}

const fn descriptor(magic: u32, abi_major: u16) -> PluginDescriptor {
    PluginDescriptor {
        magic,
        struct_size: PluginDescriptor::STRUCT_SIZE,
        abi_major,
        abi_minor: ABI_MINOR,
        // Not thread-safe: the host must never run two calls on one instance at once.
        flags: 0,
        name: c"raw".as_ptr(),
        version: c"0.0.1".as_ptr(),
        manifest_json: c"{\"test_only\":true}".as_ptr(),
        create: Some(create),
        summarize: Some(summarize),
        free_buf: Some(free_buf),
        destroy: Some(destroy),
    }
}

static VALID: PluginDescriptor = descriptor(TILMASH_PLUGIN_MAGIC, ABI_MAJOR);
static WRONG_MAGIC: PluginDescriptor = descriptor(0x1BAD_F00D, ABI_MAJOR);
static FUTURE_ABI: PluginDescriptor = descriptor(TILMASH_PLUGIN_MAGIC, ABI_MAJOR + 1);

/// The entry point; which descriptor it returns is the test's choice (see the crate docs).
#[unsafe(no_mangle)]
pub extern "C" fn tilmash_plugin_v1() -> *const PluginDescriptor {
    match std::env::var("TILMASH_TEST_RAW_DESCRIPTOR").as_deref() {
        Ok("wrong-magic") => &WRONG_MAGIC,
        Ok("future-abi") => &FUTURE_ABI,
        _ => &VALID,
    }
}
