/*
 * tilmash_plugin.h — the tilmash plugin ABI, version 1.0, for C and C++.
 *
 * The same ABI as the Rust crate `tilmash-plugin-abi` (crates/tilmash-plugin-abi/src/lib.rs);
 * a unit test there checks that the constants and field order below match it.
 *
 * A plugin is a shared library that exports exactly one function, tilmash_plugin_v1(), which
 * returns a pointer to a static TilmashPluginDescriptor. The host checks its magic, size and ABI
 * version before anything else. summarize() receives one document record as UTF-8 JSON and
 * returns the plugin's summary as UTF-8 JSON, which the host stores under
 * "summaries.<name>" in the record. Plugins ignore JSON fields they do not know; the record
 * carries its own "schema" version, independent of this ABI version.
 *
 * Life of a plugin: the host loads the library and never unloads it; calls tilmash_plugin_v1();
 * validates the descriptor; calls create() (if non-null) with a TilmashHostApi and the
 * configuration JSON; calls summarize() once per document; calls destroy() (if non-null)
 * exactly once per instance. Without create(), summarize() receives a NULL instance.
 *
 * OWNERSHIP — the host lends, the plugin owns what it returns:
 *   - Input (cfg_json, doc_json, log messages) belongs to the caller and is lent for the
 *     duration of the call only; copy what you want to keep.
 *   - Every TilmashBuf the plugin writes through an out-pointer (out_json, out_err) is allocated
 *     by the plugin and belongs to it. The host sets it to {NULL, 0, 0} before the call, reads
 *     it, then passes it back exactly once to this plugin's free_buf(), whatever the status.
 *     free_buf() must accept a buffer whose ptr is NULL (no-op).
 *   - Never free memory with the other side's allocator.
 *   - The descriptor and its strings are static and never freed. The TilmashHostApi given to
 *     create() stays valid until that instance is destroyed.
 *
 * THREADS: an instance may be used from a thread other than the one that created it, but
 * summarize() is called concurrently on one instance only if TILMASH_FLAG_THREAD_SAFE is set
 * (otherwise the host creates one instance per worker thread). log() and is_cancelled() may be
 * called from any thread on which the host called into the plugin; is_cancelled() answers for
 * the call in progress on the calling thread.
 *
 * STATUS: functions return a plain int32_t status. On a non-OK status the out-buffer may hold
 * an error report: {"error": "<message>"} is recommended, plain UTF-8 text is accepted. Hosts
 * treat unknown codes as errors.
 *
 * EVOLUTION:
 *   - The header (magic, struct_size, abi_major, abi_minor: the first 12 bytes) is frozen for
 *     every ABI version, majors included, so any host can identify and refuse any plugin. The
 *     "v1" in tilmash_plugin_v1 names this entry-point protocol, not the ABI major.
 *   - Minor versions only APPEND fields at the end of the structs: nothing is reordered,
 *     removed, retyped or given a new meaning. New function pointers may be NULL ("not
 *     provided"). New flag bits and status codes also come with a minor bump.
 *   - Readers check struct_size before reading a field: a field exists only if
 *     struct_size >= offsetof(field) + sizeof(field).
 *   - The host loads a plugin when its major equals the host's and its minor is <= the host's.
 *   - Anything else is a major bump, refused by hosts of another major.
 *
 * All strings are NUL-terminated UTF-8.
 */
#ifndef TILMASH_PLUGIN_H
#define TILMASH_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The first field of every descriptor: the bytes "TLMP" read as a little-endian uint32_t. */
#define TILMASH_PLUGIN_MAGIC 0x504D4C54u
#define TILMASH_ABI_MAJOR 1u
#define TILMASH_ABI_MINOR 0u

/* The name of the one exported symbol (see tilmash_plugin_v1 below). */
#define TILMASH_PLUGIN_ENTRY "tilmash_plugin_v1"

/* Status codes (int32_t). */
#define TILMASH_STATUS_OK 0         /* success; the out-buffer holds the result */
#define TILMASH_STATUS_ERROR 1      /* failure; the out-buffer may hold an error report */
#define TILMASH_STATUS_PANIC 2      /* a panic or exception was caught inside the plugin */
#define TILMASH_STATUS_BAD_INPUT 3  /* input is not JSON, or not a schema the plugin knows */
#define TILMASH_STATUS_CANCELLED 4  /* stopped because is_cancelled() returned non-zero */

/* Log levels for TilmashHostApi.log (the Rust `log` crate's order). */
#define TILMASH_LOG_ERROR 1
#define TILMASH_LOG_WARN 2
#define TILMASH_LOG_INFO 3
#define TILMASH_LOG_DEBUG 4
#define TILMASH_LOG_TRACE 5

/* TilmashPluginDescriptor.flags bit 0: summarize() may be called concurrently on one
 * instance. Other bits are reserved (set them to zero); hosts ignore bits they do not know. */
#define TILMASH_FLAG_THREAD_SAFE 0x1u

/* A plugin name is 1 to 64 bytes of [a-z0-9_-]: it becomes the JSON key summaries.<name>. */
#define TILMASH_MAX_NAME_LEN 64

/* A byte buffer, owned by whoever produced it (see OWNERSHIP). cap means something only to
 * the producer. The empty buffer is {NULL, 0, 0}. */
typedef struct TilmashBuf {
    uint8_t *ptr;
    size_t len;
    size_t cap;
} TilmashBuf;

/* Services the host offers, passed to create(). Host-owned. Any callback may be NULL. */
typedef struct TilmashHostApi {
    uint32_t struct_size; /* sizeof(TilmashHostApi) as the host compiled it */
    uint16_t abi_major;   /* the host's ABI version */
    uint16_t abi_minor;
    void *host_ctx;       /* opaque; pass it back to the callbacks */
    /* msg: UTF-8, lent for the call; level: TILMASH_LOG_* */
    void (*log)(void *host_ctx, int32_t level, const uint8_t *msg, size_t msg_len);
    /* non-zero: stop the current call and return TILMASH_STATUS_CANCELLED */
    int32_t (*is_cancelled)(void *host_ctx);
    /* ABI 1.1+: append new fields here only */
} TilmashHostApi;

/* What tilmash_plugin_v1() returns: static in the plugin, never freed. */
typedef struct TilmashPluginDescriptor {
    uint32_t magic;             /* TILMASH_PLUGIN_MAGIC; MUST be first */
    uint32_t struct_size;       /* sizeof(TilmashPluginDescriptor) as the plugin compiled it */
    uint16_t abi_major;         /* TILMASH_ABI_MAJOR */
    uint16_t abi_minor;         /* TILMASH_ABI_MINOR (or lower) */
    uint32_t flags;             /* TILMASH_FLAG_* bits */
    const char *name;           /* 1..64 bytes of [a-z0-9_-], e.g. "digest" */
    const char *version;        /* the plugin's own version, e.g. "0.1.0" */
    const char *manifest_json;  /* a JSON object describing the plugin */
    /* Optional (NULL: stateless plugin). cfg_json is lent. On TILMASH_STATUS_OK *out_inst is
     * the new instance; otherwise *out_err may describe the failure. */
    int32_t (*create)(const TilmashHostApi *host, const uint8_t *cfg_json, size_t cfg_len,
                      void **out_inst, TilmashBuf *out_err);
    /* Required. doc_json (one document record) is lent. On TILMASH_STATUS_OK *out_json holds
     * the summary as UTF-8 JSON; otherwise it may hold an error report. */
    int32_t (*summarize)(void *inst, const uint8_t *doc_json, size_t doc_len,
                         TilmashBuf *out_json);
    /* Required. Frees a buffer this plugin produced; ptr == NULL is a no-op. */
    void (*free_buf)(TilmashBuf buf);
    /* Optional. Frees an instance made by create(); called exactly once per instance. */
    void (*destroy)(void *inst);
    /* ABI 1.1+: append new fields here only */
} TilmashPluginDescriptor;

/* Layout checks (C11 / C++11). size_t, data and function pointers are pointer-sized. */
#if defined(__cplusplus) && __cplusplus >= 201103L
#define TILMASH_STATIC_ASSERT_(cond, msg) static_assert(cond, msg)
#elif defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
#define TILMASH_STATIC_ASSERT_(cond, msg) _Static_assert(cond, msg)
#endif
#ifdef TILMASH_STATIC_ASSERT_
TILMASH_STATIC_ASSERT_(offsetof(TilmashPluginDescriptor, magic) == 0, "magic must be first");
TILMASH_STATIC_ASSERT_(offsetof(TilmashPluginDescriptor, struct_size) == 4, "frozen header");
TILMASH_STATIC_ASSERT_(offsetof(TilmashPluginDescriptor, abi_major) == 8, "frozen header");
TILMASH_STATIC_ASSERT_(offsetof(TilmashPluginDescriptor, abi_minor) == 10, "frozen header");
TILMASH_STATIC_ASSERT_(offsetof(TilmashPluginDescriptor, name) == 16, "descriptor layout");
TILMASH_STATIC_ASSERT_(sizeof(TilmashPluginDescriptor) == 16 + 7 * sizeof(void *),
                       "descriptor layout");
TILMASH_STATIC_ASSERT_(offsetof(TilmashHostApi, host_ctx) == 8, "host API layout");
TILMASH_STATIC_ASSERT_(sizeof(TilmashHostApi) == 8 + 3 * sizeof(void *), "host API layout");
TILMASH_STATIC_ASSERT_(sizeof(TilmashBuf) == 3 * sizeof(void *), "buffer layout");
#undef TILMASH_STATIC_ASSERT_
#endif

/* Marks the entry point as exported from the shared library. */
#if defined(_WIN32) || defined(__CYGWIN__)
#define TILMASH_PLUGIN_EXPORT __declspec(dllexport)
#elif defined(__GNUC__) || defined(__clang__)
#define TILMASH_PLUGIN_EXPORT __attribute__((visibility("default")))
#else
#define TILMASH_PLUGIN_EXPORT
#endif

/* The one symbol a plugin exports: a function, not data. Returns the static descriptor. */
TILMASH_PLUGIN_EXPORT const TilmashPluginDescriptor *tilmash_plugin_v1(void);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* TILMASH_PLUGIN_H */
