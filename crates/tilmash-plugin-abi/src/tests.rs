use super::*;
use std::collections::BTreeMap;
use std::ffi::CString;

const HEADER: &str = include_str!("../include/tilmash_plugin.h");

// ---------------------------------------------------------------------------------------------
// Test descriptors
// ---------------------------------------------------------------------------------------------

unsafe extern "C" fn test_summarize(
    _inst: *mut c_void,
    _doc: *const u8,
    _doc_len: usize,
    _out: *mut Buf,
) -> i32 {
    STATUS_OK
}

unsafe extern "C" fn test_free_buf(_buf: Buf) {}

unsafe extern "C" fn test_create(
    _host: *const HostApi,
    _cfg: *const u8,
    _cfg_len: usize,
    _out_inst: *mut *mut c_void,
    _out_err: *mut Buf,
) -> i32 {
    STATUS_OK
}

unsafe extern "C" fn test_destroy(_inst: *mut c_void) {}

const MANIFEST: &CStr = c"{\"languages\":[\"kk\",\"ru\",\"zh\"],\"input_schema\":\"1\"}";

/// A valid stateless ABI 1.0 descriptor; tests break one field at a time.
fn valid() -> PluginDescriptor {
    PluginDescriptor {
        magic: TILMASH_PLUGIN_MAGIC,
        struct_size: PluginDescriptor::STRUCT_SIZE,
        abi_major: ABI_MAJOR,
        abi_minor: ABI_MINOR,
        flags: FLAG_THREAD_SAFE,
        name: c"digest".as_ptr(),
        version: c"0.3.1".as_ptr(),
        manifest_json: MANIFEST.as_ptr(),
        create: None,
        summarize: Some(test_summarize),
        free_buf: Some(test_free_buf),
        destroy: None,
    }
}

fn check(desc: &PluginDescriptor) -> Result<DescriptorInfo, AbiError> {
    // SAFETY: a reference to a complete descriptor whose strings are 'static C literals (or,
    // in the name tests, CStrings that outlive the call).
    unsafe { check_descriptor(desc) }
}

fn check_err(desc: &PluginDescriptor) -> AbiError {
    match check(desc) {
        Ok(info) => panic!("descriptor unexpectedly accepted: {info:?}"),
        Err(e) => e,
    }
}

// ---------------------------------------------------------------------------------------------
// check_descriptor
// ---------------------------------------------------------------------------------------------

#[test]
fn valid_descriptor_passes_and_yields_its_info() {
    let info = check(&valid()).expect("valid descriptor");
    assert_eq!(
        info,
        DescriptorInfo {
            name: "digest".to_owned(),
            version: "0.3.1".to_owned(),
            manifest_json: r#"{"languages":["kk","ru","zh"],"input_schema":"1"}"#.to_owned(),
            abi: (1, 0),
            thread_safe: true,
        }
    );
}

#[test]
fn stateful_descriptor_with_create_and_destroy_passes() {
    let desc = PluginDescriptor {
        create: Some(test_create),
        destroy: Some(test_destroy),
        flags: 0,
        ..valid()
    };
    let info = check(&desc).expect("valid descriptor");
    assert!(!info.thread_safe);
}

#[test]
fn unknown_flag_bits_are_ignored() {
    let desc = PluginDescriptor {
        flags: !FLAG_THREAD_SAFE,
        ..valid()
    };
    assert!(!check(&desc).expect("valid descriptor").thread_safe);
}

#[test]
fn larger_struct_size_of_an_accepted_minor_passes() {
    // E.g. trailing padding, or a plugin compiled against a longer struct but declaring 1.0.
    let desc = PluginDescriptor {
        struct_size: PluginDescriptor::STRUCT_SIZE + 8,
        ..valid()
    };
    assert!(check(&desc).is_ok());
}

#[test]
fn null_pointer_is_refused() {
    // SAFETY: null is explicitly allowed.
    let err = unsafe { check_descriptor(std::ptr::null()) }.expect_err("null accepted");
    assert_eq!(err, AbiError::NullDescriptor);
    assert_eq!(
        err.to_string(),
        "not a tilmash plugin (its entry point returned a null descriptor)"
    );
}

#[test]
fn misaligned_pointer_is_refused_without_reading() {
    let words = [0u64; 16];
    let ptr = words
        .as_ptr()
        .cast::<u8>()
        .wrapping_add(1)
        .cast::<PluginDescriptor>();
    // SAFETY: points into a live, readable 128-byte array (it is refused before any read).
    let err = unsafe { check_descriptor(ptr) }.expect_err("misaligned accepted");
    assert_eq!(err, AbiError::Misaligned { addr: ptr.addr() });
    assert!(
        err.to_string()
            .starts_with("not a tilmash plugin (descriptor address 0x")
    );
}

#[test]
fn wrong_magic_is_refused() {
    let desc = PluginDescriptor {
        magic: 0xDEAD_BEEF,
        ..valid()
    };
    let err = check_err(&desc);
    assert_eq!(err, AbiError::NotAPlugin { magic: 0xDEAD_BEEF });
    assert_eq!(
        err.to_string(),
        "not a tilmash plugin (bad magic 0xdeadbeef, expected 0x504d4c54 \"TLMP\")"
    );
}

/// Only the magic is read from something that is not a plugin: the pointer here refers to an
/// 8-byte object, far smaller than a descriptor (Miri would flag any read past it).
#[test]
fn wrong_magic_reads_only_the_first_four_bytes() {
    #[repr(C, align(8))]
    struct OnlyMagic(u32);
    let foreign = OnlyMagic(u32::from_le_bytes(*b"\x7fELF"));
    let ptr = (&raw const foreign).cast::<PluginDescriptor>();
    // SAFETY: at least 4 readable, aligned bytes, as the contract requires.
    let err = unsafe { check_descriptor(ptr) }.expect_err("foreign data accepted");
    assert_eq!(err, AbiError::NotAPlugin { magic: foreign.0 });
}

/// A descriptor from a future major may have any layout after the frozen 12-byte header; it is
/// refused as incompatible after reading only that header.
#[test]
fn newer_major_is_refused_reading_only_the_header() {
    #[repr(C, align(8))]
    struct HeaderOnly {
        magic: u32,
        struct_size: u32,
        abi_major: u16,
        abi_minor: u16,
    }
    let future = HeaderOnly {
        magic: TILMASH_PLUGIN_MAGIC,
        struct_size: 12,
        abi_major: 2,
        abi_minor: 0,
    };
    let ptr = (&raw const future).cast::<PluginDescriptor>();
    // SAFETY: the magic matches and `struct_size` (12) readable bytes are there.
    let err = unsafe { check_descriptor(ptr) }.expect_err("ABI 2.0 accepted");
    assert_eq!(
        err,
        AbiError::Incompatible {
            plugin: (2, 0),
            host: (1, 0)
        }
    );
    assert_eq!(future.struct_size as usize, DESCRIPTOR_HEADER_SIZE);
}

#[test]
fn truncated_struct_size_is_refused() {
    let desc = PluginDescriptor {
        struct_size: 16,
        ..valid()
    };
    let err = check_err(&desc);
    assert_eq!(
        err,
        AbiError::Truncated {
            struct_size: 16,
            required: PluginDescriptor::SIZE_V1_0
        }
    );
    assert_eq!(
        err.to_string(),
        format!(
            "plugin descriptor is truncated: struct_size is 16 bytes, ABI 1.0 needs at least {}",
            PluginDescriptor::SIZE_V1_0
        )
    );

    // One byte short of the last 1.0 field.
    let desc = PluginDescriptor {
        struct_size: PluginDescriptor::STRUCT_SIZE - 1,
        ..valid()
    };
    assert!(matches!(check_err(&desc), AbiError::Truncated { .. }));
}

#[test]
fn struct_size_smaller_than_the_header_is_refused() {
    let desc = PluginDescriptor {
        struct_size: 8,
        ..valid()
    };
    assert_eq!(
        check_err(&desc),
        AbiError::Truncated {
            struct_size: 8,
            required: 12
        }
    );
}

#[test]
fn major_2_is_refused() {
    let desc = PluginDescriptor {
        abi_major: 2,
        ..valid()
    };
    let err = check_err(&desc);
    assert_eq!(
        err,
        AbiError::Incompatible {
            plugin: (2, 0),
            host: (1, 0)
        }
    );
    assert_eq!(
        err.to_string(),
        "plugin built for ABI 2.0, this tilmash speaks 1.x — upgrade tilmash"
    );
}

#[test]
fn major_0_is_refused_with_a_rebuild_hint() {
    let desc = PluginDescriptor {
        abi_major: 0,
        abi_minor: 9,
        ..valid()
    };
    assert_eq!(
        check_err(&desc).to_string(),
        "plugin built for ABI 0.9, this tilmash speaks 1.x — rebuild the plugin against ABI 1.x"
    );
}

#[test]
fn newer_minor_than_the_host_is_refused() {
    let desc = PluginDescriptor {
        abi_minor: 1,
        ..valid()
    };
    let err = check_err(&desc);
    assert_eq!(
        err,
        AbiError::Incompatible {
            plugin: (1, 1),
            host: (1, 0)
        }
    );
    assert_eq!(
        err.to_string(),
        "plugin built for ABI 1.1, this tilmash speaks 1.0 — upgrade tilmash"
    );

    let desc = PluginDescriptor {
        abi_minor: 3,
        ..valid()
    };
    assert_eq!(
        check_err(&desc).to_string(),
        "plugin built for ABI 1.3, this tilmash speaks 1.0 — upgrade tilmash"
    );
}

#[test]
fn missing_summarize_is_refused() {
    let desc = PluginDescriptor {
        summarize: None,
        ..valid()
    };
    let err = check_err(&desc);
    assert_eq!(err, AbiError::Missing("summarize"));
    assert_eq!(
        err.to_string(),
        "plugin descriptor has no `summarize` (null), which ABI 1.0 requires"
    );
}

#[test]
fn other_missing_required_fields_are_refused() {
    let cases = [
        (
            PluginDescriptor {
                free_buf: None,
                ..valid()
            },
            "free_buf",
        ),
        (
            PluginDescriptor {
                name: std::ptr::null(),
                ..valid()
            },
            "name",
        ),
        (
            PluginDescriptor {
                version: std::ptr::null(),
                ..valid()
            },
            "version",
        ),
        (
            PluginDescriptor {
                manifest_json: std::ptr::null(),
                ..valid()
            },
            "manifest_json",
        ),
    ];
    for (desc, field) in cases {
        assert_eq!(check_err(&desc), AbiError::Missing(field), "{field}");
    }
}

fn check_name(name: &CStr) -> Result<DescriptorInfo, AbiError> {
    let desc = PluginDescriptor {
        name: name.as_ptr(),
        ..valid()
    };
    check(&desc)
}

#[test]
fn bad_names_are_refused() {
    let long = CString::new("a".repeat(MAX_NAME_LEN + 1)).expect("no NUL");
    let cases: [(&CStr, NameProblem); 5] = [
        (c"Digest", NameProblem::BadChar('D')),
        (c"my plugin", NameProblem::BadChar(' ')),
        (c"", NameProblem::Empty),
        (c"summ.textrank", NameProblem::BadChar('.')),
        (
            long.as_c_str(),
            NameProblem::TooLong {
                len: MAX_NAME_LEN + 1,
            },
        ),
    ];
    for (name, problem) in cases {
        let expected = AbiError::BadName {
            name: name.to_str().expect("UTF-8").to_owned(),
            problem,
        };
        assert_eq!(check_name(name), Err(expected), "{name:?}");
    }

    assert_eq!(
        check_name(c"My Plugin").expect_err("accepted").to_string(),
        "invalid plugin name \"My Plugin\": 'M' is not allowed (a name is 1 to 64 bytes of \
         a-z, 0-9, '_' and '-', since it becomes the JSON key summaries.<name>)"
    );
    assert!(
        check_name(long.as_c_str())
            .expect_err("accepted")
            .to_string()
            .contains(": it is 65 bytes long, the limit is 64 (")
    );
    assert!(
        check_name(c"")
            .expect_err("accepted")
            .to_string()
            .starts_with("invalid plugin name \"\": it is empty (")
    );
}

#[test]
fn good_names_pass() {
    let longest = CString::new("z".repeat(MAX_NAME_LEN)).expect("no NUL");
    for name in [
        c"digest",
        c"summ-textrank_2",
        c"0",
        c"-",
        longest.as_c_str(),
    ] {
        assert!(check_name(name).is_ok(), "{name:?}");
    }
}

#[test]
fn non_ascii_names_are_refused() {
    assert_eq!(check_plugin_name("тілмаш"), Err(NameProblem::BadChar('т')));
    // Non-ASCII letters are refused before the length is considered.
    assert_eq!(
        check_plugin_name(&"ж".repeat(40)),
        Err(NameProblem::BadChar('ж'))
    );
}

#[test]
fn non_utf8_strings_are_refused() {
    let desc = PluginDescriptor {
        version: c"1.0\xff".as_ptr(),
        ..valid()
    };
    let err = check_err(&desc);
    assert_eq!(
        err,
        AbiError::NotUtf8 {
            field: "version",
            valid_up_to: 3
        }
    );
    assert_eq!(
        err.to_string(),
        "plugin `version` is not valid UTF-8 (invalid bytes at offset 3)"
    );

    let desc = PluginDescriptor {
        manifest_json: c"{\"a\":\"\xc3\"}".as_ptr(),
        ..valid()
    };
    assert_eq!(
        check_err(&desc),
        AbiError::NotUtf8 {
            field: "manifest_json",
            valid_up_to: 6
        }
    );

    let desc = PluginDescriptor {
        name: c"d\x80".as_ptr(),
        ..valid()
    };
    assert_eq!(
        check_err(&desc),
        AbiError::NotUtf8 {
            field: "name",
            valid_up_to: 1
        }
    );
}

#[test]
fn abi_error_is_a_std_error() {
    let err: Box<dyn std::error::Error + Send + Sync> = Box::new(AbiError::Missing("free_buf"));
    assert!(err.source().is_none());
    assert!(err.to_string().contains("free_buf"));
}

// ---------------------------------------------------------------------------------------------
// Constants, Status, Buf
// ---------------------------------------------------------------------------------------------

#[test]
fn magic_is_tlmp_in_little_endian() {
    assert_eq!(TILMASH_PLUGIN_MAGIC, 0x504D_4C54);
    assert_eq!(&TILMASH_PLUGIN_MAGIC.to_le_bytes(), b"TLMP");
}

#[test]
fn entry_symbol_is_a_c_string() {
    let symbol = CStr::from_bytes_with_nul(ENTRY_SYMBOL).expect("one trailing NUL");
    assert_eq!(symbol, c"tilmash_plugin_v1");
}

#[test]
fn status_round_trips_and_unknown_codes_are_none() {
    for status in [
        Status::Ok,
        Status::Error,
        Status::Panic,
        Status::BadInput,
        Status::Cancelled,
    ] {
        assert_eq!(Status::from_raw(status.as_raw()), Some(status));
    }
    assert_eq!(Status::from_raw(STATUS_OK), Some(Status::Ok));
    assert_eq!(Status::from_raw(STATUS_PANIC), Some(Status::Panic));
    assert_eq!(Status::Cancelled.as_raw(), 4);
    for raw in [-1, 5, 42, i32::MIN, i32::MAX] {
        assert_eq!(Status::from_raw(raw), None, "{raw}");
    }
}

#[test]
fn buf_as_bytes_handles_empty_null_and_data() {
    // SAFETY (all): null buffers are always fine; the data buffer points into a live Vec.
    assert_eq!(unsafe { Buf::EMPTY.as_bytes() }, b"");
    let default = Buf::default();
    assert_eq!(unsafe { default.as_bytes() }, b"");
    let null_with_len = Buf {
        ptr: std::ptr::null_mut(),
        len: 5,
        cap: 5,
    };
    assert_eq!(unsafe { null_with_len.as_bytes() }, b"");

    let mut data = b"{\"ok\":1}".to_vec();
    let buf = Buf {
        ptr: data.as_mut_ptr(),
        len: data.len(),
        cap: data.capacity(),
    };
    assert_eq!(unsafe { buf.as_bytes() }, b"{\"ok\":1}");
    let zero_len = Buf { len: 0, ..buf };
    assert_eq!(unsafe { zero_len.as_bytes() }, b"");
}

// ---------------------------------------------------------------------------------------------
// Layout
// ---------------------------------------------------------------------------------------------

/// The descriptor's fields with their offsets, in declaration order.
fn descriptor_fields() -> Vec<(&'static str, usize)> {
    vec![
        ("magic", offset_of!(PluginDescriptor, magic)),
        ("struct_size", offset_of!(PluginDescriptor, struct_size)),
        ("abi_major", offset_of!(PluginDescriptor, abi_major)),
        ("abi_minor", offset_of!(PluginDescriptor, abi_minor)),
        ("flags", offset_of!(PluginDescriptor, flags)),
        ("name", offset_of!(PluginDescriptor, name)),
        ("version", offset_of!(PluginDescriptor, version)),
        ("manifest_json", offset_of!(PluginDescriptor, manifest_json)),
        ("create", offset_of!(PluginDescriptor, create)),
        ("summarize", offset_of!(PluginDescriptor, summarize)),
        ("free_buf", offset_of!(PluginDescriptor, free_buf)),
        ("destroy", offset_of!(PluginDescriptor, destroy)),
    ]
}

fn host_api_fields() -> Vec<(&'static str, usize)> {
    vec![
        ("struct_size", offset_of!(HostApi, struct_size)),
        ("abi_major", offset_of!(HostApi, abi_major)),
        ("abi_minor", offset_of!(HostApi, abi_minor)),
        ("host_ctx", offset_of!(HostApi, host_ctx)),
        ("log", offset_of!(HostApi, log)),
        ("is_cancelled", offset_of!(HostApi, is_cancelled)),
    ]
}

fn buf_fields() -> Vec<(&'static str, usize)> {
    vec![
        ("ptr", offset_of!(Buf, ptr)),
        ("len", offset_of!(Buf, len)),
        ("cap", offset_of!(Buf, cap)),
    ]
}

#[cfg(target_pointer_width = "64")]
#[test]
fn layout_64_bit() {
    let offsets = |fields: Vec<(&'static str, usize)>| -> Vec<usize> {
        fields.into_iter().map(|(_, offset)| offset).collect()
    };
    assert_eq!(
        offsets(descriptor_fields()),
        [0, 4, 8, 10, 12, 16, 24, 32, 40, 48, 56, 64]
    );
    assert_eq!(size_of::<PluginDescriptor>(), 72);
    assert_eq!(align_of::<PluginDescriptor>(), 8);
    assert_eq!(PluginDescriptor::STRUCT_SIZE, 72);
    assert_eq!(PluginDescriptor::SIZE_V1_0, 72);

    assert_eq!(offsets(host_api_fields()), [0, 4, 6, 8, 16, 24]);
    assert_eq!(size_of::<HostApi>(), 32);
    assert_eq!(HostApi::STRUCT_SIZE, 32);

    assert_eq!(offsets(buf_fields()), [0, 8, 16]);
    assert_eq!(size_of::<Buf>(), 24);

    assert_eq!(DESCRIPTOR_HEADER_SIZE, 12);
}

#[cfg(target_pointer_width = "32")]
#[test]
fn layout_32_bit() {
    let offsets = |fields: Vec<(&'static str, usize)>| -> Vec<usize> {
        fields.into_iter().map(|(_, offset)| offset).collect()
    };
    assert_eq!(
        offsets(descriptor_fields()),
        [0, 4, 8, 10, 12, 16, 20, 24, 28, 32, 36, 40]
    );
    assert_eq!(size_of::<PluginDescriptor>(), 44);
    assert_eq!(offsets(host_api_fields()), [0, 4, 6, 8, 12, 16]);
    assert_eq!(size_of::<HostApi>(), 20);
    assert_eq!(offsets(buf_fields()), [0, 4, 8]);
    assert_eq!(size_of::<Buf>(), 12);
}

#[test]
fn nullable_function_pointers_are_pointer_sized() {
    assert_eq!(size_of::<Option<SummarizeFn>>(), size_of::<usize>());
    assert_eq!(size_of::<Option<LogFn>>(), size_of::<usize>());
}

// ---------------------------------------------------------------------------------------------
// The C header matches (it is generated by cbindgen, tests/header.rs; these checks spell out
// independently what C sees, so a cbindgen upgrade that changes the meaning fails here)
// ---------------------------------------------------------------------------------------------

/// Parses a C integer literal such as `0x504D4C54u`, `64` or `1u`.
fn parse_c_int(token: &str) -> Option<i64> {
    let digits = token.trim_end_matches(['u', 'U', 'l', 'L']);
    match digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
    {
        Some(hex) => i64::from_str_radix(hex, 16).ok(),
        None => digits.parse().ok(),
    }
}

/// `#define NAME VALUE` lines of the header (function-like macros and guards skipped).
fn header_defines() -> Vec<(String, String)> {
    HEADER
        .lines()
        .filter_map(|line| {
            let rest = line.trim_start().strip_prefix('#')?.trim_start();
            let rest = rest.strip_prefix("define")?;
            if !rest.starts_with([' ', '\t']) {
                return None;
            }
            let mut tokens = rest.split_whitespace();
            let name = tokens.next()?;
            let value = tokens.next()?;
            (!name.contains('(')).then(|| (name.to_owned(), value.to_owned()))
        })
        .collect()
}

#[test]
fn header_constants_equal_the_rust_ones() {
    let expected: BTreeMap<&str, i64> = [
        ("TILMASH_PLUGIN_MAGIC", i64::from(TILMASH_PLUGIN_MAGIC)),
        ("TILMASH_ABI_MAJOR", i64::from(ABI_MAJOR)),
        ("TILMASH_ABI_MINOR", i64::from(ABI_MINOR)),
        ("TILMASH_STATUS_OK", i64::from(STATUS_OK)),
        ("TILMASH_STATUS_ERROR", i64::from(STATUS_ERROR)),
        ("TILMASH_STATUS_PANIC", i64::from(STATUS_PANIC)),
        ("TILMASH_STATUS_BAD_INPUT", i64::from(STATUS_BAD_INPUT)),
        ("TILMASH_STATUS_CANCELLED", i64::from(STATUS_CANCELLED)),
        ("TILMASH_LOG_ERROR", i64::from(LOG_ERROR)),
        ("TILMASH_LOG_WARN", i64::from(LOG_WARN)),
        ("TILMASH_LOG_INFO", i64::from(LOG_INFO)),
        ("TILMASH_LOG_DEBUG", i64::from(LOG_DEBUG)),
        ("TILMASH_LOG_TRACE", i64::from(LOG_TRACE)),
        ("TILMASH_FLAG_THREAD_SAFE", i64::from(FLAG_THREAD_SAFE)),
        (
            "TILMASH_MAX_NAME_LEN",
            i64::try_from(MAX_NAME_LEN).expect("small"),
        ),
    ]
    .into_iter()
    .collect();

    // Every numeric #define in the header, so that one added only on the C side fails too.
    let defines = header_defines();
    let numeric: BTreeMap<&str, i64> = defines
        .iter()
        .filter_map(|(name, value)| Some((name.as_str(), parse_c_int(value)?)))
        .collect();
    assert_eq!(numeric, expected);

    let entry = defines
        .iter()
        .find(|(name, _)| name == "TILMASH_PLUGIN_ENTRY")
        .map(|(_, value)| value.as_str())
        .expect("TILMASH_PLUGIN_ENTRY defined");
    let symbol = CStr::from_bytes_with_nul(ENTRY_SYMBOL)
        .expect("NUL-terminated")
        .to_str()
        .expect("ASCII");
    assert_eq!(entry, format!("\"{symbol}\""));
    assert!(HEADER.contains(&format!("const TilmashPluginDescriptor *{symbol}(void);")));
}

#[test]
fn header_has_include_guards_and_standard_includes() {
    assert!(HEADER.contains("#ifndef TILMASH_PLUGIN_H\n#define TILMASH_PLUGIN_H\n"));
    assert!(HEADER.trim_end().ends_with("#endif /* TILMASH_PLUGIN_H */"));
    assert!(HEADER.contains("#include <stdint.h>"));
    assert!(HEADER.contains("#include <stddef.h>"));
}

/// The member declarations of `typedef struct NAME { ... } NAME;`, comments removed and
/// whitespace collapsed.
fn header_struct_decls(name: &str) -> Vec<String> {
    let open = format!("typedef struct {name} {{");
    let close = format!("}} {name};");
    let start = HEADER.find(&open).expect("struct defined") + open.len();
    let len = HEADER[start..].find(&close).expect("struct closed");
    let mut body = HEADER[start..start + len].to_owned();
    while let Some(begin) = body.find("/*") {
        let end = body[begin..].find("*/").expect("comment closed") + begin + 2;
        body.replace_range(begin..end, " ");
    }
    body.split(';')
        .map(|decl| decl.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|decl| !decl.is_empty())
        .collect()
}

/// The member name of a declaration: `(*name)` for a function pointer, else the last word.
fn decl_name(decl: &str) -> &str {
    match decl.find("(*") {
        Some(i) => {
            let rest = &decl[i + 2..];
            &rest[..rest.find(')').expect("closing paren")]
        }
        None => decl
            .rsplit(' ')
            .next()
            .expect("non-empty")
            .trim_start_matches('*'),
    }
}

#[test]
fn header_structs_match_the_rust_field_order() {
    for (c_name, rust_fields) in [
        ("TilmashPluginDescriptor", descriptor_fields()),
        ("TilmashHostApi", host_api_fields()),
        ("TilmashBuf", buf_fields()),
    ] {
        let decls = header_struct_decls(c_name);
        let c_names: Vec<&str> = decls.iter().map(|d| decl_name(d)).collect();
        let rust_names: Vec<&str> = rust_fields.iter().map(|(n, _)| *n).collect();
        assert_eq!(c_names, rust_names, "{c_name}");
        // The Rust list is in declaration order: offsets strictly increase.
        assert!(
            rust_fields.windows(2).all(|w| w[0].1 < w[1].1),
            "{c_name}: Rust fields out of order"
        );
    }
}

#[test]
fn header_declares_the_abi_1_0_types_and_signatures() {
    let expect = |c_name: &str, decls: &[&str]| {
        assert_eq!(header_struct_decls(c_name), decls, "{c_name}");
    };
    expect("TilmashBuf", &["uint8_t *ptr", "size_t len", "size_t cap"]);
    expect(
        "TilmashHostApi",
        &[
            "uint32_t struct_size",
            "uint16_t abi_major",
            "uint16_t abi_minor",
            "void *host_ctx",
            "void (*log)(void *host_ctx, int32_t level, const uint8_t *msg, size_t msg_len)",
            "int32_t (*is_cancelled)(void *host_ctx)",
        ],
    );
    expect(
        "TilmashPluginDescriptor",
        &[
            "uint32_t magic",
            "uint32_t struct_size",
            "uint16_t abi_major",
            "uint16_t abi_minor",
            "uint32_t flags",
            "const char *name",
            "const char *version",
            "const char *manifest_json",
            "int32_t (*create)(const struct TilmashHostApi *host, const uint8_t *cfg, \
             size_t cfg_len, void **out_inst, struct TilmashBuf *out_err)",
            "int32_t (*summarize)(void *inst, const uint8_t *doc, size_t doc_len, \
             struct TilmashBuf *out)",
            "void (*free_buf)(struct TilmashBuf buf)",
            "void (*destroy)(void *inst)",
        ],
    );
}
