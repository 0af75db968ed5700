//! The C ABI shared by the tilmash host and every tilmash plugin, version **1.0**.
//!
//! A plugin is a shared library (a Rust `cdylib`, or C, Zig, C++, Go via cgo …) that exports
//! exactly one C function, [`ENTRY_SYMBOL`] (`tilmash_plugin_v1`, type [`EntryFn`]). It returns
//! a pointer to a `static` [`PluginDescriptor`]: a magic number, the size of the struct as the
//! plugin compiled it, the ABI version it was built for, its name, version and manifest, and a
//! handful of function pointers. Before it calls anything else the host passes that pointer to
//! [`check_descriptor`], which refuses a foreign library, a truncated descriptor or an
//! incompatible ABI version with a one-line message instead of undefined behaviour. The C
//! header `include/tilmash_plugin.h` in this crate declares the very same types for C and C++:
//! it is generated from this file by cbindgen (`cbindgen.toml`), and `tests/header.rs` fails
//! when the checked-in copy differs from what this file generates.
//!
//! **Why JSON crosses the boundary.** `summarize` receives one document record as UTF-8 JSON
//! (the same JSON as a line of `documents.jsonl`) and returns the plugin's summary as UTF-8
//! JSON, which the host stores under `summaries.<plugin name>`. The document model will keep
//! growing (new entity types, new fields) and none of that changes this ABI: it only ever
//! moves bytes. The record carries its own `schema` version, separate from the ABI version, so
//! the two evolve independently; plugins must ignore fields they do not know and treat a
//! missing field as its default. Bytes and lengths are also what every language can produce,
//! and the same messages are reused as JSON Lines when the host runs a plugin in a child
//! process (`--isolate`). This crate deliberately contains no JSON code: checking that the
//! manifest and the outputs are valid JSON is the host's job.
//!
//! # Life of a plugin
//!
//! 1. The host loads the library (and never unloads it: code and `static` data must stay
//!    valid for the life of the process), looks up [`ENTRY_SYMBOL`] and calls it.
//! 2. [`check_descriptor`] validates the returned pointer and copies out a [`DescriptorInfo`].
//! 3. If `create` is non-null, the host calls it with a [`HostApi`] and the plugin's
//!    configuration JSON and gets back an opaque instance pointer. If it is null the plugin is
//!    stateless and `summarize` receives a null instance; such a plugin gets no host services.
//! 4. The host calls `summarize` once per document.
//! 5. When it is done with an instance the host calls `destroy` (if non-null) exactly once.
//!
//! # Ownership: the host lends, the plugin owns what it returns
//!
//! * Input (`cfg`, `doc`, log messages) is owned by the side that passes it and is lent for the
//!   duration of the call only. The callee copies whatever it wants to keep.
//! * Every [`Buf`] a plugin writes through an out-pointer (`out`, `out_err`) was allocated by
//!   the plugin and belongs to it. The host reads it and then hands it back, exactly once,
//!   to the **same** plugin's `free_buf`, whatever status the call returned. The host
//!   initialises out-buffers to [`Buf::EMPTY`] before the call, and `free_buf` must accept
//!   [`Buf::EMPTY`] (a null `ptr`) as a no-op.
//! * Memory is never freed with the other side's allocator: a Rust host and a Rust plugin may
//!   be linked against different allocators, and a C plugin's `malloc` is not Rust's.
//! * The descriptor, and the strings it points to, are `static` in the plugin and never freed.
//!   The [`HostApi`] passed to `create` stays valid until that instance is destroyed.
//!
//! # Threads
//!
//! An instance may be used from a thread other than the one that created it, but the host
//! calls `summarize` on one instance concurrently only when the descriptor sets
//! [`FLAG_THREAD_SAFE`]; otherwise it creates more instances as it needs them (at most one per
//! worker thread) and never runs two calls on one instance at once. The host's
//! `log` and `is_cancelled` may be called from any thread on which the host has called into
//! the plugin; `is_cancelled` answers for the call in progress on the calling thread.
//!
//! # Status codes
//!
//! Every call that can fail returns a plain `i32` ([`STATUS_OK`], [`STATUS_ERROR`],
//! [`STATUS_PANIC`], [`STATUS_BAD_INPUT`], [`STATUS_CANCELLED`]; see [`Status`]). A plugin can
//! return any value, so the host treats a code it does not know as an error. On a non-OK
//! status the out-buffer may hold an error report: a JSON object `{"error": "<message>"}` is
//! recommended, plain UTF-8 text is accepted. Rust plugins must not let a panic unwind across
//! the boundary: the SDK wraps every exported function in `catch_unwind` and returns
//! [`STATUS_PANIC`].
//!
//! # Evolution rules
//!
//! * The **header**, the first [`DESCRIPTOR_HEADER_SIZE`] bytes (`magic`, `struct_size`,
//!   `abi_major`, `abi_minor`), is frozen across all ABI versions, majors included, so that any
//!   host can recognise any plugin and refuse it with a clear message. For the same reason a
//!   plugin built for a later major still exports `tilmash_plugin_v1`: the `v1` names this
//!   entry-point protocol (a no-argument function returning a pointer to a descriptor with
//!   this header), not the ABI major.
//! * **Minor** versions (1.1, 1.2, …) only **append** fields at the end of [`PluginDescriptor`]
//!   and [`HostApi`]: nothing is reordered, removed, retyped or given a new meaning. Appended
//!   function pointers are nullable (`Option`), null meaning "not provided". New flag bits and
//!   status codes also come with a minor bump; hosts ignore flag bits they do not know.
//! * Readers check `struct_size` before they read a field: a field exists only if
//!   `struct_size >= offset_of(field) + size_of(field)`. A plugin built against 1.1 headers
//!   that declares 1.0 can thus still use a 1.1 host service when the host's `struct_size`
//!   shows it is there.
//! * The host accepts a plugin when `plugin major == host major` and
//!   `plugin minor <= host minor` (GStreamer's rule): a plugin built for a newer minor may
//!   rely on something this host lacks, so it is refused with "upgrade tilmash".
//! * Anything else (a layout change, a changed signature or meaning) is a **major** bump and
//!   is refused by every host of another major.
//!
//! # Example
//!
//! What a plugin exports, and what the host does with it (the Rust SDK generates the plugin
//! half; a C plugin writes the same with `include/tilmash_plugin.h`):
//!
//! ```
//! use std::ffi::c_void;
//! use tilmash_plugin_abi::*;
//!
//! unsafe extern "C" fn summarize(_inst: *mut c_void, _doc: *const u8, _len: usize,
//!                                _out: *mut Buf) -> i32 {
//!     STATUS_OK
//! }
//! unsafe extern "C" fn free_buf(_buf: Buf) {}
//!
//! static DESCRIPTOR: PluginDescriptor = PluginDescriptor {
//!     magic: TILMASH_PLUGIN_MAGIC,
//!     struct_size: PluginDescriptor::STRUCT_SIZE,
//!     abi_major: ABI_MAJOR,
//!     abi_minor: ABI_MINOR,
//!     flags: FLAG_THREAD_SAFE,
//!     name: c"digest".as_ptr(),
//!     version: c"0.1.0".as_ptr(),
//!     manifest_json: c"{\"languages\":[\"kk\",\"ru\",\"zh\"]}".as_ptr(),
//!     create: None,
//!     summarize: Some(summarize),
//!     free_buf: Some(free_buf),
//!     destroy: None,
//! };
//!
//! #[unsafe(no_mangle)]
//! pub extern "C" fn tilmash_plugin_v1() -> *const PluginDescriptor {
//!     &DESCRIPTOR
//! }
//!
//! // Host side, after resolving the symbol:
//! let entry: EntryFn = tilmash_plugin_v1;
//! // SAFETY: `entry` returns a pointer to a static descriptor.
//! let info = unsafe { check_descriptor(entry()) }.expect("valid plugin");
//! assert_eq!(info.name, "digest");
//! assert_eq!(info.abi, (1, 0));
//! assert!(info.thread_safe);
//! ```

#![warn(missing_docs)]

use std::ffi::{CStr, c_char, c_void};
use std::fmt;
use std::mem::offset_of;

// ---------------------------------------------------------------------------------------------
// Identification and version
// ---------------------------------------------------------------------------------------------

/// The first field of every descriptor: the ASCII bytes `"TLMP"` read as a little-endian `u32`
/// (`0x504D4C54`). In memory on a little-endian machine the descriptor therefore starts with
/// the bytes `T L M P`. A library whose descriptor does not start with this value is not a
/// tilmash plugin and nothing else in it is read.
pub const TILMASH_PLUGIN_MAGIC: u32 = 0x504D4C54;
// Written as a literal so that cbindgen can copy it into the C header; this is why it is that.
const _: () = assert!(TILMASH_PLUGIN_MAGIC == u32::from_le_bytes(*b"TLMP"));

/// The ABI major version this crate defines. Plugins of another major are refused.
pub const ABI_MAJOR: u16 = 1;

/// The ABI minor version this crate defines. Plugins built for a newer minor are refused.
pub const ABI_MINOR: u16 = 0;

/// The one symbol a plugin exports, NUL-terminated for `dlsym`/`libloading`.
///
/// Its type is [`EntryFn`]. The `v1` is the version of this entry-point protocol, which all
/// ABI majors share (see the crate docs), not the ABI major itself.
pub const ENTRY_SYMBOL: &[u8] = b"tilmash_plugin_v1\0";

/// The type of [`ENTRY_SYMBOL`]: returns a pointer to the plugin's `static` descriptor.
///
/// The host passes the result to [`check_descriptor`] before it reads anything else.
pub type EntryFn = unsafe extern "C" fn() -> *const PluginDescriptor;

// ---------------------------------------------------------------------------------------------
// Status codes
// ---------------------------------------------------------------------------------------------

/// The call succeeded; the out-buffer holds the result.
pub const STATUS_OK: i32 = 0;
/// The call failed; the out-buffer may hold an error report.
pub const STATUS_ERROR: i32 = 1;
/// The plugin panicked (or threw); the panic was caught before it crossed the boundary.
pub const STATUS_PANIC: i32 = 2;
/// The input (document or configuration) is not valid UTF-8 JSON or not what the plugin
/// understands, e.g. a document `schema` major it does not support.
pub const STATUS_BAD_INPUT: i32 = 3;
/// The plugin stopped early because the host's `is_cancelled` returned non-zero.
pub const STATUS_CANCELLED: i32 = 4;

/// The status codes of ABI 1.0 as an enum, for matching on the host side.
///
/// The boundary itself always carries a plain `i32` (a plugin can return any value); convert
/// with [`Status::from_raw`], which returns `None` for a code this ABI does not define. Hosts
/// treat such a code as an error.
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Status {
    /// [`STATUS_OK`]
    Ok = STATUS_OK,
    /// [`STATUS_ERROR`]
    Error = STATUS_ERROR,
    /// [`STATUS_PANIC`]
    Panic = STATUS_PANIC,
    /// [`STATUS_BAD_INPUT`]
    BadInput = STATUS_BAD_INPUT,
    /// [`STATUS_CANCELLED`]
    Cancelled = STATUS_CANCELLED,
}

impl Status {
    /// The status for a raw code, or `None` if this ABI version does not define it.
    pub const fn from_raw(raw: i32) -> Option<Status> {
        match raw {
            STATUS_OK => Some(Status::Ok),
            STATUS_ERROR => Some(Status::Error),
            STATUS_PANIC => Some(Status::Panic),
            STATUS_BAD_INPUT => Some(Status::BadInput),
            STATUS_CANCELLED => Some(Status::Cancelled),
            _ => None,
        }
    }

    /// The raw code that crosses the boundary.
    pub const fn as_raw(self) -> i32 {
        self as i32
    }
}

// ---------------------------------------------------------------------------------------------
// Log levels and flags
// ---------------------------------------------------------------------------------------------

/// `level` for [`HostApi::log`]: an error. The values match the `log` crate's `Level` order.
pub const LOG_ERROR: i32 = 1;
/// `level` for [`HostApi::log`]: a warning.
pub const LOG_WARN: i32 = 2;
/// `level` for [`HostApi::log`]: information.
pub const LOG_INFO: i32 = 3;
/// `level` for [`HostApi::log`]: debugging detail.
pub const LOG_DEBUG: i32 = 4;
/// `level` for [`HostApi::log`]: tracing detail.
pub const LOG_TRACE: i32 = 5;

/// [`PluginDescriptor::flags`] bit 0: `summarize` may be called concurrently on one instance.
///
/// Without it the host never calls one instance from two threads at once (it creates more
/// instances instead, at most one per worker thread). Hosts ignore flag bits they do not
/// know.
pub const FLAG_THREAD_SAFE: u32 = 1;

/// The longest plugin name, in bytes. See [`check_plugin_name`].
pub const MAX_NAME_LEN: usize = 64;

// ---------------------------------------------------------------------------------------------
// Types that cross the boundary
// ---------------------------------------------------------------------------------------------

/// A byte buffer handed across the boundary, owned by whoever produced it.
///
/// Plugins produce them (summaries, error reports) and free them in their own `free_buf`;
/// the host only reads them. `cap` means something only to the producer (a Rust plugin keeps
/// the `Vec` capacity there so it can rebuild and drop the `Vec`; a C plugin may store
/// anything). An empty buffer is [`Buf::EMPTY`], with a null `ptr`.
///
/// Deliberately neither `Clone` nor `Copy`: each buffer is freed exactly once.
#[repr(C)]
#[derive(Debug)]
pub struct Buf {
    /// Start of the bytes; null for an empty buffer.
    pub ptr: *mut u8,
    /// Number of initialised bytes at `ptr`.
    pub len: usize,
    /// Producer-private capacity (see the type docs).
    pub cap: usize,
}

impl Buf {
    /// The empty buffer: null pointer, zero length and capacity. `free_buf` must accept it.
    pub const EMPTY: Buf = Buf {
        ptr: std::ptr::null_mut(),
        len: 0,
        cap: 0,
    };

    /// The buffer's bytes; an empty slice when `ptr` is null or `len` is 0.
    ///
    /// # Safety
    ///
    /// If `ptr` is non-null and `len` non-zero, `ptr` must point to `len` initialised bytes
    /// that are not written to or freed while the returned slice is alive (the producer's
    /// promise until the buffer is handed to `free_buf`).
    pub unsafe fn as_bytes(&self) -> &[u8] {
        if self.ptr.is_null() || self.len == 0 {
            return &[];
        }
        // SAFETY: `ptr` is non-null (checked above); the caller guarantees it points to `len`
        // initialised bytes that stay valid and unmodified for the borrow of `self`. A `u8`
        // slice has alignment 1, and a live allocation never exceeds `isize::MAX` bytes.
        unsafe { std::slice::from_raw_parts(self.ptr, self.len) }
    }
}

impl Default for Buf {
    fn default() -> Self {
        Buf::EMPTY
    }
}

/// `log(host_ctx, level, msg, msg_len)`: `msg` is UTF-8 (the host replaces invalid sequences),
/// lent for the call; `level` is one of the `LOG_*` constants.
pub type LogFn =
    unsafe extern "C" fn(host_ctx: *mut c_void, level: i32, msg: *const u8, msg_len: usize);

/// `is_cancelled(host_ctx)`: non-zero when the call in progress on the calling thread should
/// stop (deadline or user interrupt). A plugin that sees it returns [`STATUS_CANCELLED`].
pub type IsCancelledFn = unsafe extern "C" fn(host_ctx: *mut c_void) -> i32;

/// Services the host offers a plugin, passed to `create` (the SQLite `pApi` pattern, so a
/// plugin links against nothing from the host).
///
/// Owned by the host and valid until the instance created with it is destroyed. Append-only:
/// a plugin reads a field only if `struct_size` covers it (all of ABI 1.0's fields are always
/// present, since the host refuses plugins built for a newer minor). Each callback may be null
/// when the host does not offer it.
#[repr(C)]
#[derive(Debug)]
pub struct HostApi {
    /// `size_of::<HostApi>()` as the host compiled it; [`HostApi::STRUCT_SIZE`] for this crate.
    pub struct_size: u32,
    /// The host's ABI major version.
    pub abi_major: u16,
    /// The host's ABI minor version.
    pub abi_minor: u16,
    /// Opaque host state, passed back as the first argument of every callback.
    pub host_ctx: *mut c_void,
    /// Write a message to the host's log (see [`LogFn`]).
    pub log: Option<
        unsafe extern "C" fn(host_ctx: *mut c_void, level: i32, msg: *const u8, msg_len: usize),
    >,
    /// Poll for cooperative cancellation (see [`IsCancelledFn`]).
    pub is_cancelled: Option<unsafe extern "C" fn(host_ctx: *mut c_void) -> i32>,
    // ABI 1.1+: append new fields here only.
}

impl HostApi {
    /// The `struct_size` a host built with this crate writes.
    pub const STRUCT_SIZE: u32 = size_of::<HostApi>() as u32;
}

/// `create(host, cfg, cfg_len, out_inst, out_err)`: make an instance from the configuration
/// JSON (`cfg`, lent; `{}` when the user gave none). On [`STATUS_OK`] `*out_inst` is the new
/// instance (it may be null); otherwise `*out_inst` is ignored and `*out_err` may describe
/// the failure.
pub type CreateFn = unsafe extern "C" fn(
    host: *const HostApi,
    cfg: *const u8,
    cfg_len: usize,
    out_inst: *mut *mut c_void,
    out_err: *mut Buf,
) -> i32;

/// `summarize(inst, doc, doc_len, out)`: summarize one document record (`doc`, UTF-8 JSON,
/// lent). On [`STATUS_OK`] `*out` holds the summary as UTF-8 JSON; otherwise it may hold an
/// error report. `inst` is what `create` returned, or null for a stateless plugin.
pub type SummarizeFn =
    unsafe extern "C" fn(inst: *mut c_void, doc: *const u8, doc_len: usize, out: *mut Buf) -> i32;

/// `free_buf(buf)`: free a buffer this plugin produced. A null `ptr` is a no-op.
pub type FreeBufFn = unsafe extern "C" fn(buf: Buf);

/// `destroy(inst)`: free an instance made by `create`. Called exactly once per instance.
pub type DestroyFn = unsafe extern "C" fn(inst: *mut c_void);

/// What [`ENTRY_SYMBOL`] returns a pointer to: a `static` in the plugin, never freed.
///
/// The first four fields are the frozen header ([`DESCRIPTOR_HEADER_SIZE`] bytes). Append-only
/// (see "Evolution rules" in the crate docs); hosts read it through [`check_descriptor`].
/// All strings are NUL-terminated UTF-8 with `'static` lifetime.
#[repr(C)]
#[derive(Debug)]
pub struct PluginDescriptor {
    /// Always [`TILMASH_PLUGIN_MAGIC`]. Must be first.
    pub magic: u32,
    /// `size_of::<PluginDescriptor>()` as the plugin compiled it
    /// ([`PluginDescriptor::STRUCT_SIZE`] for this crate).
    pub struct_size: u32,
    /// The ABI major version the plugin was built for ([`ABI_MAJOR`]).
    pub abi_major: u16,
    /// The ABI minor version the plugin was built for ([`ABI_MINOR`], or lower).
    pub abi_minor: u16,
    /// Bit set; bit 0 is [`FLAG_THREAD_SAFE`]. Other bits are reserved (zero).
    pub flags: u32,
    /// The plugin's name: 1 to 64 bytes of `[a-z0-9_-]`, since the host stores its output
    /// under the JSON key `summaries.<name>`. See [`check_plugin_name`].
    pub name: *const c_char,
    /// The plugin's own version (semver recommended), recorded in the index provenance.
    pub version: *const c_char,
    /// A JSON object describing the plugin (e.g. `languages`, `input_schema`, `outputs`).
    /// The host checks that it is valid JSON.
    pub manifest_json: *const c_char,
    /// Optional: makes an instance (see [`CreateFn`]). Null for a stateless plugin.
    pub create: Option<
        unsafe extern "C" fn(
            host: *const HostApi,
            cfg: *const u8,
            cfg_len: usize,
            out_inst: *mut *mut c_void,
            out_err: *mut Buf,
        ) -> i32,
    >,
    /// Required: summarizes one document (see [`SummarizeFn`]).
    pub summarize: Option<
        unsafe extern "C" fn(
            inst: *mut c_void,
            doc: *const u8,
            doc_len: usize,
            out: *mut Buf,
        ) -> i32,
    >,
    /// Required: frees a buffer the plugin produced (see [`FreeBufFn`]).
    pub free_buf: Option<unsafe extern "C" fn(buf: Buf)>,
    /// Optional: destroys an instance (see [`DestroyFn`]).
    pub destroy: Option<unsafe extern "C" fn(inst: *mut c_void)>,
    // ABI 1.1+: append new fields here only.
}

// SAFETY: a descriptor is immutable `static` data. Its pointers refer to `'static`,
// NUL-terminated strings that nobody writes to, and its function pointers are plain code
// addresses; reading all of it from several threads at once cannot race. (Whether a plugin's
// *instances* may be shared is a separate question, answered by `FLAG_THREAD_SAFE`.)
unsafe impl Sync for PluginDescriptor {}

impl PluginDescriptor {
    /// The `struct_size` a plugin built with this crate writes.
    pub const STRUCT_SIZE: u32 = size_of::<PluginDescriptor>() as u32;

    /// Size of the ABI 1.0 part of the descriptor: the end of its last 1.0 field, `destroy`.
    /// A plugin's `struct_size` must be at least this. It stays the same in later minors.
    pub const SIZE_V1_0: usize =
        offset_of!(PluginDescriptor, destroy) + size_of::<Option<DestroyFn>>();
}

/// Size of the frozen descriptor header (`magic`, `struct_size`, `abi_major`, `abi_minor`):
/// the bytes every host of every ABI version may read to identify a plugin.
pub const DESCRIPTOR_HEADER_SIZE: usize =
    offset_of!(PluginDescriptor, abi_minor) + size_of::<u16>();

// The function pointer fields are spelled out in the structs (so that cbindgen writes them
// as C function pointers: it cannot see through an alias inside `Option`); these
// assignments fail to compile if a field and its named type ever differ.
const _: () = {
    let _: fn(&PluginDescriptor) -> Option<CreateFn> = |d| d.create;
    let _: fn(&PluginDescriptor) -> Option<SummarizeFn> = |d| d.summarize;
    let _: fn(&PluginDescriptor) -> Option<FreeBufFn> = |d| d.free_buf;
    let _: fn(&PluginDescriptor) -> Option<DestroyFn> = |d| d.destroy;
    let _: fn(&HostApi) -> Option<LogFn> = |h| h.log;
    let _: fn(&HostApi) -> Option<IsCancelledFn> = |h| h.is_cancelled;
};

// The layout, checked at compile time on every target (the unit tests also spell out the
// 64-bit offsets). `size_t`, data pointers and function pointers are all pointer-sized.
const _: () = {
    const P: usize = size_of::<usize>();
    assert!(DESCRIPTOR_HEADER_SIZE == 12);
    assert!(offset_of!(PluginDescriptor, name) == 16);
    assert!(size_of::<PluginDescriptor>() == 16 + 7 * P);
    assert!(PluginDescriptor::SIZE_V1_0 == size_of::<PluginDescriptor>());
    assert!(offset_of!(HostApi, host_ctx) == 8);
    assert!(size_of::<HostApi>() == 8 + 3 * P);
    assert!(size_of::<Buf>() == 3 * P);
};

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

/// What the host learns from a valid descriptor, copied out of the plugin's memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DescriptorInfo {
    /// The plugin's name (already checked with [`check_plugin_name`]).
    pub name: String,
    /// The plugin's version string.
    pub version: String,
    /// The manifest, valid UTF-8 but not yet checked as JSON.
    pub manifest_json: String,
    /// The ABI version the plugin was built for, `(major, minor)`.
    pub abi: (u16, u16),
    /// Whether [`FLAG_THREAD_SAFE`] is set.
    pub thread_safe: bool,
}

/// Why a plugin name is refused (see [`check_plugin_name`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum NameProblem {
    /// The name is empty.
    Empty,
    /// The name is longer than [`MAX_NAME_LEN`] bytes.
    TooLong {
        /// The name's length in bytes.
        len: usize,
    },
    /// The name contains a character outside `[a-z0-9_-]`.
    BadChar(char),
}

impl fmt::Display for NameProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NameProblem::Empty => f.write_str("it is empty"),
            NameProblem::TooLong { len } => {
                write!(f, "it is {len} bytes long, the limit is {MAX_NAME_LEN}")
            }
            NameProblem::BadChar(c) => write!(f, "{c:?} is not allowed"),
        }
    }
}

impl std::error::Error for NameProblem {}

/// Checks a plugin name: 1 to [`MAX_NAME_LEN`] bytes of lowercase ASCII letters, digits, `_`
/// and `-`. The name becomes the JSON key `summaries.<name>` and part of file names, so it
/// must be plain. The host applies the same rule to out-of-process plugins.
pub fn check_plugin_name(name: &str) -> Result<(), NameProblem> {
    if name.is_empty() {
        return Err(NameProblem::Empty);
    }
    if let Some(c) = name
        .chars()
        .find(|c| !matches!(c, 'a'..='z' | '0'..='9' | '_' | '-'))
    {
        return Err(NameProblem::BadChar(c));
    }
    if name.len() > MAX_NAME_LEN {
        return Err(NameProblem::TooLong { len: name.len() });
    }
    Ok(())
}

/// Why [`check_descriptor`] refused a descriptor. Every variant displays as one line.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AbiError {
    /// The entry point returned a null pointer.
    NullDescriptor,
    /// The descriptor pointer is not aligned for [`PluginDescriptor`].
    Misaligned {
        /// The address the entry point returned.
        addr: usize,
    },
    /// The first four bytes are not [`TILMASH_PLUGIN_MAGIC`]: not a tilmash plugin.
    NotAPlugin {
        /// The value found instead.
        magic: u32,
    },
    /// `struct_size` is smaller than the fields this ABI version requires.
    Truncated {
        /// The plugin's `struct_size`.
        struct_size: u32,
        /// The minimum size needed.
        required: usize,
    },
    /// The plugin was built for an ABI version this host cannot load.
    Incompatible {
        /// The plugin's `(major, minor)`.
        plugin: (u16, u16),
        /// This host's `(major, minor)`.
        host: (u16, u16),
    },
    /// A required field is null (`name`, `version`, `manifest_json`, `summarize`, `free_buf`).
    Missing(&'static str),
    /// A string field is not valid UTF-8.
    NotUtf8 {
        /// The field (`name`, `version` or `manifest_json`).
        field: &'static str,
        /// Byte offset of the first invalid sequence.
        valid_up_to: usize,
    },
    /// The name breaks the rules of [`check_plugin_name`].
    BadName {
        /// The name as given.
        name: String,
        /// What is wrong with it.
        problem: NameProblem,
    },
}

impl fmt::Display for AbiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AbiError::NullDescriptor => {
                f.write_str("not a tilmash plugin (its entry point returned a null descriptor)")
            }
            AbiError::Misaligned { addr } => write!(
                f,
                "not a tilmash plugin (descriptor address {addr:#x} is not {}-byte aligned)",
                align_of::<PluginDescriptor>()
            ),
            AbiError::NotAPlugin { magic } => write!(
                f,
                "not a tilmash plugin (bad magic {magic:#010x}, expected {TILMASH_PLUGIN_MAGIC:#010x} \"TLMP\")"
            ),
            AbiError::Truncated {
                struct_size,
                required,
            } => write!(
                f,
                "plugin descriptor is truncated: struct_size is {struct_size} bytes, \
                 ABI {ABI_MAJOR}.{ABI_MINOR} needs at least {required}"
            ),
            AbiError::Incompatible { plugin, host } => {
                let (pmaj, pmin) = plugin;
                let (hmaj, hmin) = host;
                if pmaj > hmaj {
                    write!(
                        f,
                        "plugin built for ABI {pmaj}.{pmin}, this tilmash speaks {hmaj}.x — upgrade tilmash"
                    )
                } else if pmaj < hmaj {
                    write!(
                        f,
                        "plugin built for ABI {pmaj}.{pmin}, this tilmash speaks {hmaj}.x — \
                         rebuild the plugin against ABI {hmaj}.x"
                    )
                } else {
                    write!(
                        f,
                        "plugin built for ABI {pmaj}.{pmin}, this tilmash speaks {hmaj}.{hmin} — upgrade tilmash"
                    )
                }
            }
            AbiError::Missing(field) => write!(
                f,
                "plugin descriptor has no `{field}` (null), which ABI {ABI_MAJOR}.{ABI_MINOR} requires"
            ),
            AbiError::NotUtf8 { field, valid_up_to } => write!(
                f,
                "plugin `{field}` is not valid UTF-8 (invalid bytes at offset {valid_up_to})"
            ),
            AbiError::BadName { name, problem } => write!(
                f,
                "invalid plugin name {name:?}: {problem} (a name is 1 to {MAX_NAME_LEN} bytes of \
                 a-z, 0-9, '_' and '-', since it becomes the JSON key summaries.<name>)"
            ),
        }
    }
}

impl std::error::Error for AbiError {}

/// Reads one field of a descriptor through a raw pointer, without ever forming a reference to
/// the whole struct (which may be shorter than this crate's `PluginDescriptor`).
/// Only used inside `unsafe` blocks whose SAFETY comments justify the read.
macro_rules! read_field {
    ($ptr:expr, $field:ident) => {
        (&raw const (*$ptr).$field).read()
    };
}

/// Copies a NUL-terminated string field out of the plugin, checking it is UTF-8.
///
/// # Safety
///
/// `ptr` must be non-null and point to a NUL-terminated string that stays valid for the call.
unsafe fn string_field(ptr: *const c_char, field: &'static str) -> Result<String, AbiError> {
    // SAFETY: the caller guarantees a non-null pointer to a live NUL-terminated string.
    let bytes = unsafe { CStr::from_ptr(ptr) }.to_bytes();
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_owned()),
        Err(e) => Err(AbiError::NotUtf8 {
            field,
            valid_up_to: e.valid_up_to(),
        }),
    }
}

/// Validates what a plugin's entry point returned, before the host touches anything else.
///
/// In order: the pointer is non-null and aligned; the magic (the first four bytes only) is
/// [`TILMASH_PLUGIN_MAGIC`]; `struct_size` covers the frozen header; the ABI version is
/// compatible (`major == ABI_MAJOR`, `minor <= ABI_MINOR`); `struct_size` covers all of ABI
/// 1.0; `name`, `version`, `manifest_json`, `summarize` and `free_buf` are non-null (`create`
/// and `destroy` may be null); the strings are UTF-8 and the name passes
/// [`check_plugin_name`]. No byte beyond what the previous checks vouched for is read, so a
/// foreign or newer descriptor is refused without reading past its end.
///
/// On success the host may read the ABI 1.0 fields of `*ptr` and call its functions
/// according to the rules in the crate docs.
///
/// # Safety
///
/// `ptr` must be null or what a library's [`ENTRY_SYMBOL`] returned: at least 4 readable
/// bytes; if those hold the magic, `struct_size` readable bytes; and, in a descriptor that
/// passes the size and version checks, pointers to NUL-terminated strings. (A library that
/// exports the symbol but lies about all of this cannot be defended against in-process; that
/// is what the host's child-process probing is for.)
pub unsafe fn check_descriptor(ptr: *const PluginDescriptor) -> Result<DescriptorInfo, AbiError> {
    if ptr.is_null() {
        return Err(AbiError::NullDescriptor);
    }
    if !ptr.is_aligned() {
        return Err(AbiError::Misaligned { addr: ptr.addr() });
    }

    // SAFETY: `ptr` is non-null and aligned, and the caller guarantees at least 4 readable
    // bytes, which is exactly the `magic` field at offset 0.
    let magic = unsafe { read_field!(ptr, magic) };
    if magic != TILMASH_PLUGIN_MAGIC {
        return Err(AbiError::NotAPlugin { magic });
    }

    // SAFETY: the magic matched, so the caller guarantees `struct_size` readable bytes; the
    // descriptor starts with the 4-byte magic and the 4-byte `struct_size` in every ABI
    // version, so reading `struct_size` itself (offset 4) is the first step of that promise.
    let struct_size = unsafe { read_field!(ptr, struct_size) };
    let size = struct_size as usize;
    if size < DESCRIPTOR_HEADER_SIZE {
        return Err(AbiError::Truncated {
            struct_size,
            required: DESCRIPTOR_HEADER_SIZE,
        });
    }

    // SAFETY: `struct_size >= DESCRIPTOR_HEADER_SIZE`, so both version fields (bytes 8..12)
    // lie within the plugin's descriptor, which is aligned (checked above).
    let plugin = unsafe { (read_field!(ptr, abi_major), read_field!(ptr, abi_minor)) };
    if plugin.0 != ABI_MAJOR || plugin.1 > ABI_MINOR {
        return Err(AbiError::Incompatible {
            plugin,
            host: (ABI_MAJOR, ABI_MINOR),
        });
    }
    if size < PluginDescriptor::SIZE_V1_0 {
        return Err(AbiError::Truncated {
            struct_size,
            required: PluginDescriptor::SIZE_V1_0,
        });
    }

    // SAFETY: `struct_size >= SIZE_V1_0`, so every ABI 1.0 field lies within the plugin's
    // descriptor, and the ABI version guarantees they have the types declared here. Each is
    // read by value through its own raw pointer; no reference to the whole struct is formed.
    let (flags, name, version, manifest_json, summarize, free_buf) = unsafe {
        (
            read_field!(ptr, flags),
            read_field!(ptr, name),
            read_field!(ptr, version),
            read_field!(ptr, manifest_json),
            read_field!(ptr, summarize),
            read_field!(ptr, free_buf),
        )
    };
    for (is_null, field) in [
        (name.is_null(), "name"),
        (version.is_null(), "version"),
        (manifest_json.is_null(), "manifest_json"),
        (summarize.is_none(), "summarize"),
        (free_buf.is_none(), "free_buf"),
    ] {
        if is_null {
            return Err(AbiError::Missing(field));
        }
    }

    // SAFETY (all three): non-null (checked above), and the caller guarantees that a
    // descriptor passing the magic, size and version checks points to NUL-terminated
    // `'static` strings.
    let name = unsafe { string_field(name, "name") }?;
    if let Err(problem) = check_plugin_name(&name) {
        return Err(AbiError::BadName { name, problem });
    }
    let version = unsafe { string_field(version, "version") }?;
    let manifest_json = unsafe { string_field(manifest_json, "manifest_json") }?;

    Ok(DescriptorInfo {
        name,
        version,
        manifest_json,
        abi: plugin,
        thread_safe: flags & FLAG_THREAD_SAFE != 0,
    })
}

#[cfg(test)]
mod tests;
