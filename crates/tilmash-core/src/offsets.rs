//! Byte offsets to code-point offsets.
//!
//! The stages work on byte ranges of a `&str` (cheap slicing); records carry code-point
//! offsets, which is what a Python or JavaScript reader slices with. Queries come in
//! mostly ascending order, so the converter walks from the last answer — forward, or
//! back when entities nest (a target's end lies after the date inside it): restarting
//! from the beginning there would make a long document quadratic.

#[derive(Debug)]
pub struct CharOffsets<'a> {
    text: &'a str,
    last_byte: usize,
    last_char: usize,
}

impl<'a> CharOffsets<'a> {
    pub fn new(text: &'a str) -> Self {
        CharOffsets {
            text,
            last_byte: 0,
            last_char: 0,
        }
    }

    /// The code-point offset of byte offset `byte`, which must be on a char boundary.
    pub fn to_char(&mut self, byte: usize) -> usize {
        if byte < self.last_byte {
            self.last_char -= self.text[byte..self.last_byte].chars().count();
        } else {
            self.last_char += self.text[self.last_byte..byte].chars().count();
        }
        self.last_byte = byte;
        self.last_char
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_code_points_forward_and_backward() {
        let text = "aә中😀b";
        let mut c = CharOffsets::new(text);
        assert_eq!(c.to_char(0), 0);
        assert_eq!(c.to_char(1), 1);
        assert_eq!(c.to_char(3), 2);
        assert_eq!(c.to_char(10), 4);
        assert_eq!(c.to_char(6), 3);
        assert_eq!(c.to_char(text.len()), 5);
    }
}
