/* wordstats: a tilmash plugin in C, built against tilmash_plugin.h alone.
 *
 * For each document it reports the number of code points, whitespace-separated words and
 * lines of the record's "text". It proves the ABI is language-neutral: no Rust, no JSON
 * library, nothing linked from the host.
 *
 * Build:  cc -shared -fPIC -O2 -I crates/tilmash-plugin-abi/include \
 *            -o libtilmash_plugin_wordstats.so plugins/c-wordstats/wordstats.c
 * Check:  tilmash plugin check ./libtilmash_plugin_wordstats.so
 *
 * JSON handling is deliberately minimal: it reads the value of the record's top-level
 * "text" key, which tilmash always sends to plugins and always serializes before any
 * nested "text" (entities come later in the record). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tilmash_plugin.h"

static TilmashBuf make_buf(const char *s) {
    TilmashBuf b = {NULL, 0, 0};
    size_t n = strlen(s);
    b.ptr = (uint8_t *)malloc(n);
    if (b.ptr == NULL) return b;
    memcpy(b.ptr, s, n);
    b.len = n;
    b.cap = n;
    return b;
}

static void free_buf(TilmashBuf buf) { free(buf.ptr); } /* free(NULL) is a no-op */

static int is_space(unsigned c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

static int32_t summarize(void *inst, const uint8_t *doc, size_t len, TilmashBuf *out) {
    static const char key[] = "\"text\":\"";
    size_t klen = sizeof key - 1, i = 0;
    (void)inst;
    /* find the key */
    for (;;) {
        if (i + klen > len) {
            *out = make_buf("{\"error\":\"the record has no text\"}");
            return TILMASH_STATUS_BAD_INPUT;
        }
        if (memcmp(doc + i, key, klen) == 0) break;
        i++;
    }
    i += klen;
    unsigned long chars = 0, words = 0, lines = 1;
    int in_word = 0;
    while (i < len && doc[i] != '"') {
        unsigned c = doc[i];
        unsigned ch; /* a representative of the character: whitespace or not */
        if (c == '\\' && i + 1 < len) {
            unsigned e = doc[i + 1];
            if (e == 'u' && i + 5 < len) {
                unsigned long v = strtoul((const char[]){(char)doc[i + 2], (char)doc[i + 3],
                                                         (char)doc[i + 4], (char)doc[i + 5], 0},
                                          NULL, 16);
                i += 6;
                if (v >= 0xDC00 && v <= 0xDFFF) continue; /* low surrogate: same char */
                ch = (unsigned)v;
            } else {
                ch = e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : 'x';
                i += 2;
            }
        } else {
            i++;
            if ((c & 0xC0) == 0x80) continue; /* UTF-8 continuation byte */
            ch = c;
        }
        chars++;
        if (ch == '\n') lines++;
        if (is_space(ch)) {
            in_word = 0;
        } else if (!in_word) {
            in_word = 1;
            words++;
        }
    }
    if (chars == 0) lines = 0;
    char json[160];
    snprintf(json, sizeof json, "{\"chars\":%lu,\"words\":%lu,\"lines\":%lu}", chars, words,
             lines);
    *out = make_buf(json);
    return TILMASH_STATUS_OK;
}

static const TilmashPluginDescriptor DESCRIPTOR = {
    TILMASH_PLUGIN_MAGIC,
    sizeof(TilmashPluginDescriptor),
    TILMASH_ABI_MAJOR,
    TILMASH_ABI_MINOR,
    TILMASH_FLAG_THREAD_SAFE,
    "wordstats",
    "0.1.0",
    "{\"language\":\"C\",\"outputs\":{\"chars\":\"code points\",\"words\":\"whitespace-separated\",\"lines\":\"lines\"}}",
    NULL, /* stateless: no create */
    summarize,
    free_buf,
    NULL, /* no destroy */
};

const TilmashPluginDescriptor *tilmash_plugin_v1(void) { return &DESCRIPTOR; }
