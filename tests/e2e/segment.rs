//! `tilmash segment`: units per line, from files and stdin, in all three languages.

use crate::support::*;

fn segment(input: &str, args: &[&str]) -> Vec<String> {
    let out = run_with_stdin(&[&["segment", "-"], args].concat(), input);
    assert!(out.status.success(), "{}", stderr(&out));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn sentences_in_three_languages() {
    let text = "Заголовок без точки\nОб этом сообщил вице-министр Е.Аукенов. В 2010-2012 гг. рост составил 14,4%. «Готовы ли вы? – спросил он. – Да».\n\n2020 жылғы 11 қаңтарда Заң енгізілді. Қ.Сәтбаев атындағы университет, т.б. ұйымдар қатысты.\n\n近日，浙江省民政厅印发了《意见》。“到2022年完成！”他说。";
    assert_eq!(
        segment(text, &["--unit", "sentence"]),
        [
            "Заголовок без точки",
            "Об этом сообщил вице-министр Е.Аукенов.",
            "В 2010-2012 гг. рост составил 14,4%.",
            "«Готовы ли вы? – спросил он. – Да».",
            "2020 жылғы 11 қаңтарда Заң енгізілді.",
            "Қ.Сәтбаев атындағы университет, т.б. ұйымдар қатысты.",
            "近日，浙江省民政厅印发了《意见》。",
            "“到2022年完成！”",
            "他说。",
        ]
    );
}

#[test]
fn paragraphs_join_wrapped_lines_with_spaces_and_tokens_keep_numbers() {
    let text =
        "Министр отметил, что\nработа продолжается.\n\n- Алматы облыстық ұйымы – 703 070 адамға;";
    assert_eq!(
        segment(text, &["--unit", "paragraph"]),
        [
            "Министр отметил, что работа продолжается.",
            "- Алматы облыстық ұйымы – 703 070 адамға;"
        ]
    );
    let tokens = segment(
        "Сондай-ақ 703 070 адам, 浙江省人力资源和社会保障厅。",
        &["--unit", "token"],
    );
    assert_eq!(tokens[..4], ["Сондай-ақ", "703 070", "адам", ","]);
    assert!(
        tokens.contains(&"人力资源和社会保障厅".to_owned()),
        "{tokens:?}"
    );
}

#[test]
fn seeds_segment_and_bad_input_exits_2() {
    let seed = corpus().join("seeds/001.txt");
    let out = run(&[
        "segment",
        seed.to_str().unwrap_or_default(),
        "--unit",
        "sentence",
    ]);
    assert!(out.status.success());
    let lines = String::from_utf8_lossy(&out.stdout).lines().count();
    assert!(
        lines > 200,
        "001.txt has hundreds of sentences, got {lines}"
    );
    let bad = run(&[
        "segment",
        fixtures("encodings")
            .join("random.bin")
            .to_str()
            .unwrap_or_default(),
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("random.bin"));
}
