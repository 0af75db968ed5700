#!/usr/bin/env python3
"""Build model/turkic.bin: Kazakh, Kyrgyz and Russian letter trigram models over word types.

Kyrgyz has no n-gram model in lingua. Tesseract's Kazakh, Kyrgyz and Russian OCR data
(tessdata_fast, Apache-2.0, Debian packages tesseract-ocr-kaz, -kir and -rus) carry a word
list each; all are lists of word *types*, so the models built here are alike in kind and
can be compared with each other (not with the lingua-derived model).

Usage (Debian):
  apt-get install tesseract-ocr tesseract-ocr-kaz tesseract-ocr-kir tesseract-ocr-rus
  for l in kaz kir rus; do
    combine_tessdata -u /usr/share/tesseract-ocr/5/tessdata/$l.traineddata /tmp/$l.
    dawg2wordlist /tmp/$l.lstm-unicharset /tmp/$l.lstm-word-dawg /tmp/$l.words.txt
  done
  python3 turkic.py /tmp/kaz.words.txt /tmp/kir.words.txt /tmp/rus.words.txt ../model/turkic.bin

Words are lowercased; only all-Cyrillic words are kept, and Kyrgyz (Russian) words with
letters Kyrgyz (Russian) does not write are dropped (OCR-list noise). Kazakh words with к/г
next to a back vowel and neither a Kazakh letter nor a front vowel are dropped too: proper
Kazakh spelling writes қ/ғ there, so they are Kazakh typed without its letters (or
loanwords Kyrgyz shares), no evidence for Kazakh over Kyrgyz. Each word is wrapped in
spaces (word boundaries). Costs are -ln P(letter | two before) with back-off resolved at
build time, as in the main model (see src/main.rs), quantized to 1/SCALE nat.
"""
import collections
import math
import re
import struct
import sys

SCALE = 12.0
BACKOFF = 1.0
FLOOR = 12.0
MIN_TRIGRAM_COUNT = 2
CYRILLIC_WORD = re.compile(r"^[\u0400-\u04ff]+$")
NOT_KYRGYZ = set("әғқұіһ")
NOT_RUSSIAN = set("әғқңөұүһіїєґў")


KAZAKH_LETTERS = set("әғқңөұүһі")
FRONT_VOWELS = set("әеіөүиэ")
BACK_VELAR = re.compile(r"[кг][аоұыу]|[аоұыу][кг]")


def load(path, drop=frozenset(), kazakh=False):
    words = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            w = line.strip().lower()
            if len(w) < 2 or not CYRILLIC_WORD.match(w) or set(w) & drop:
                continue
            # Kazakh typed on a Russian keyboard (к г for қ ғ in back-vowel words) looks
            # like Kyrgyz; such words are not evidence for Kazakh spelling.
            if kazakh and not set(w) & KAZAKH_LETTERS and not set(w) & FRONT_VOWELS and BACK_VELAR.search(w):
                continue
            words.add(w)
    return words


def counts(words):
    c = [collections.Counter() for _ in range(4)]
    for w in words:
        s = " " + w + " "
        for i in range(len(s)):
            c[1][s[i]] += 1
            if i >= 1:
                c[2][s[i - 1 : i + 1]] += 1
            if i >= 2:
                c[3][s[i - 2 : i + 1]] += 1
    c[3] = collections.Counter({k: v for k, v in c[3].items() if v >= MIN_TRIGRAM_COUNT})
    return c


def logprobs(c):
    total = sum(c[1].values())
    ctx1 = collections.Counter()
    for k, v in c[2].items():
        ctx1[k[0]] += v
    ctx2 = collections.Counter()
    for k, v in c[3].items():
        ctx2[k[:2]] += v
    lp = {}
    for k, v in c[1].items():
        lp[k] = math.log(v / total)
    for k, v in c[2].items():
        lp[k] = math.log(v / ctx1[k[0]])
    for k, v in c[3].items():
        lp[k] = math.log(v / ctx2[k[:2]])
    return lp


def cost(lp, g):
    if g in lp:
        return -lp[g]
    if len(g) > 1:
        return cost(lp, g[1:]) + BACKOFF
    return FLOOR


def key(g):
    k = 0
    for ch in g:
        k = (k << 21) | ord(ch)
    return k


def main():
    kaz, kir, rus, out = sys.argv[1:5]
    langs = [("kk", load(kaz, kazakh=True)), ("ky", load(kir, NOT_KYRGYZ)), ("ru", load(rus, NOT_RUSSIAN))]
    models = []
    for code, words in langs:
        lp = logprobs(counts(words))
        print(f"{code}: {len(words)} words, {len(lp)} n-grams", file=sys.stderr)
        models.append(lp)
    grams = sorted(set().union(*models), key=key)
    blob = bytearray(b"TLID")
    blob += struct.pack("<I", 1)
    blob.append(len(langs))
    for code, _ in langs:
        blob += code.encode()
    blob += bytes([int(SCALE), round(BACKOFF * SCALE), min(255, round(FLOOR * SCALE))])
    blob += struct.pack("<I", len(grams))
    for g in grams:
        blob += struct.pack("<Q", key(g))
        blob += bytes(min(255, max(0, round(cost(m, g) * SCALE))) for m in models)
    with open(out, "wb") as f:
        f.write(blob)
    print(f"wrote {out} ({len(blob)} bytes, {len(grams)} n-grams)", file=sys.stderr)


if __name__ == "__main__":
    main()
