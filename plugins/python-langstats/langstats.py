#!/usr/bin/env python3
"""langstats: a tilmash plugin as a Python script (standard library only).

For each document: how many sentences, and how many characters of them, are in each
language (the record's per-sentence `lang`), over the main content (boilerplate
paragraphs left out). It proves the plugin protocol needs no shared library: any
executable that reads and writes JSON Lines is a plugin.

  tilmash plugin check --exec plugins/python-langstats/langstats.py
  tilmash index corpus -o index --plugin-exec plugins/python-langstats/langstats.py

Configuration: --plugin-config 'langstats={"digits": 3}' (digits of the shares, default 2).

The protocol (see the README, "Plugins as executables"): one JSON object per line on
stdin, one reply per line on stdout, in order; the first message is a hello.
"""
import json
import sys

NAME = "langstats"
VERSION = "0.1.0"
# The plugin reads sentences and paragraphs, not the text: tilmash may leave it out.
MANIFEST = {"needs_text": False, "config": {"digits": "digits of the shares, default 2"}}


def summarize(doc, digits):
    paragraphs = doc.get("paragraphs", [])
    sentences, chars = {}, {}
    for s in doc.get("sentences", []):
        p = s.get("paragraph", 0)
        if p < len(paragraphs) and paragraphs[p].get("boilerplate"):
            continue
        lang = s.get("lang", "und")
        sentences[lang] = sentences.get(lang, 0) + 1
        chars[lang] = chars.get(lang, 0) + s["end"] - s["start"]
    total = sum(chars.values())
    shares = {k: round(v / total, digits) for k, v in chars.items()} if total else {}
    return {"sentences": sentences, "chars": chars, "shares": shares}


def main():
    digits = 2
    for line in sys.stdin:
        if not line.strip():
            continue
        msg = json.loads(line)
        if "hello" in msg:
            config = msg["hello"].get("configs", {}).get(NAME, {})
            digits = int(config.get("digits", 2))
            reply = {"hello": {
                "protocol": "tilmash-plugin",
                "protocol_version": 1,
                "plugin": {"name": NAME, "version": VERSION, "manifest": MANIFEST},
            }}
        else:
            try:
                summary = {"status": "ok", "output": summarize(msg["doc"], digits)}
            except Exception as e:  # one bad document costs its summary only
                summary = {"status": "error", "error": f"{type(e).__name__}: {e}"}
            reply = {"id": msg["id"], "summary": summary}
        sys.stdout.write(json.dumps(reply, ensure_ascii=False) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
