//! Throughput of `tilmash_langid::guess` on sentences of the three target languages and
//! two neighbours (one core).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

const SENTENCES: &[&str] = &[
    "Қазақстан Республикасы Оқу-ағарту министрлігі мектептердегі білім беру сапасын арттыру жөніндегі жаңа бағдарламаны бекітті.",
    "Биыл елімізде 200-ден астам жаңа мектеп салу жоспарланып отыр.",
    "Министерство просвещения Республики Казахстан утвердило новую программу повышения качества образования в школах.",
    "В текущем году в стране планируется построить более 200 новых школ.",
    "浙江省人民政府办公厅关于加强社会工作专业人才队伍建设的实施意见。",
    "Кыргызстандын өкмөтү билим берүү тармагын өнүктүрүү боюнча жаңы программаны кабыл алды.",
    "Міністерство освіти і науки оголосило про початок вступної кампанії.",
    "Мемлекет басшысы",
];

fn bench(c: &mut Criterion) {
    // Build the model outside the measurement.
    black_box(tilmash_langid::guess("бастау"));
    let mut g = c.benchmark_group("guess");
    g.throughput(Throughput::Elements(SENTENCES.len() as u64));
    g.bench_function("sentences", |b| {
        b.iter(|| {
            for s in SENTENCES {
                black_box(tilmash_langid::guess(black_box(s)));
            }
        })
    });
    for (name, text) in [
        ("kk", SENTENCES[0]),
        ("ru", SENTENCES[2]),
        ("zh", SENTENCES[4]),
        ("ky", SENTENCES[5]),
    ] {
        g.throughput(Throughput::Elements(1));
        g.bench_function(name, |b| {
            b.iter(|| black_box(tilmash_langid::guess(black_box(text))))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
