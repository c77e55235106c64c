//! A step's instructions as blocks of text, the way `docs/exercises.md` describes them:
//! paragraphs separated by blank lines, lines starting with `- ` forming a list, and
//! `code` in backticks. Plain Rust, no Leptos: the panel turns the blocks into text
//! nodes, so nothing a teacher writes is ever read as markup.

/// A piece of a line: plain text, or what stood between backticks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Span {
    Text(String),
    Code(String),
}

/// A paragraph, or a list whose items are lines of spans.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    Paragraph(Vec<Span>),
    List(Vec<Vec<Span>>),
}

/// Splits instructions into paragraphs and lists. Lines of one paragraph are joined
/// with a space; a line under a list item that does not start a new item continues it.
pub fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    // The text of the paragraph or list item being read, and whether it is an item.
    let mut paragraph: Option<String> = None;
    let mut items: Vec<String> = Vec::new();
    let flush_paragraph = |paragraph: &mut Option<String>, out: &mut Vec<Block>| {
        if let Some(p) = paragraph.take() {
            out.push(Block::Paragraph(spans(&p)));
        }
    };
    let flush_list = |items: &mut Vec<String>, out: &mut Vec<Block>| {
        if !items.is_empty() {
            out.push(Block::List(items.drain(..).map(|i| spans(&i)).collect()));
        }
    };
    for line in text.lines() {
        let line = line.trim_end();
        let trimmed = line.trim_start();
        if trimmed.is_empty() {
            flush_paragraph(&mut paragraph, &mut out);
            flush_list(&mut items, &mut out);
        } else if let Some(item) = trimmed.strip_prefix("- ") {
            flush_paragraph(&mut paragraph, &mut out);
            items.push(item.trim().to_owned());
        } else if let Some(last) = items.last_mut() {
            last.push(' ');
            last.push_str(trimmed);
        } else {
            match &mut paragraph {
                Some(p) => {
                    p.push(' ');
                    p.push_str(trimmed);
                }
                None => paragraph = Some(trimmed.to_owned()),
            }
        }
    }
    flush_paragraph(&mut paragraph, &mut out);
    flush_list(&mut items, &mut out);
    out
}

/// Splits one line at its backticks. A backtick with no partner is kept as text, so a
/// stray one never swallows the rest of the line.
pub fn spans(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('`') {
        let Some(length) = rest[open + 1..].find('`') else { break };
        if open > 0 {
            out.push(Span::Text(rest[..open].to_owned()));
        }
        let code = &rest[open + 1..open + 1 + length];
        if code.is_empty() {
            out.push(Span::Text("``".to_owned()));
        } else {
            out.push(Span::Code(code.to_owned()));
        }
        rest = &rest[open + 1 + length + 1..];
    }
    if !rest.is_empty() {
        out.push(Span::Text(rest.to_owned()));
    }
    // Neighbouring text pieces (a stray backtick's sides) read as one.
    let mut merged: Vec<Span> = Vec::with_capacity(out.len());
    for span in out {
        match (merged.last_mut(), span) {
            (Some(Span::Text(previous)), Span::Text(next)) => previous.push_str(&next),
            (_, span) => merged.push(span),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Span {
        Span::Text(s.to_owned())
    }

    fn code(s: &str) -> Span {
        Span::Code(s.to_owned())
    }

    #[test]
    fn backticks_mark_code() {
        assert_eq!(
            spans("Open `app-server-sg` and `database-sg`."),
            vec![text("Open "), code("app-server-sg"), text(" and "), code("database-sg"), text(".")]
        );
        assert_eq!(spans("`0.0.0.0/0`"), vec![code("0.0.0.0/0")]);
        assert_eq!(spans("no code here"), vec![text("no code here")]);
        assert_eq!(spans(""), Vec::<Span>::new());
    }

    #[test]
    fn a_stray_backtick_stays_text() {
        assert_eq!(spans("it's `open"), vec![text("it's `open")]);
        assert_eq!(spans("`a` and ` b"), vec![code("a"), text(" and ` b")]);
        assert_eq!(spans("empty `` pair"), vec![text("empty `` pair")]);
    }

    #[test]
    fn markup_is_only_text() {
        assert_eq!(spans("<b>bold</b> & `<i>`"), vec![text("<b>bold</b> & "), code("<i>")]);
    }

    #[test]
    fn blank_lines_separate_paragraphs_and_lines_join() {
        let found = blocks("First line\nstill the first.\n\n\nSecond.");
        assert_eq!(
            found,
            vec![Block::Paragraph(vec![text("First line still the first.")]), Block::Paragraph(vec![text("Second.")])]
        );
    }

    #[test]
    fn dash_lines_form_a_list_between_paragraphs() {
        let found = blocks("Lead:\n\n- one `a`\n- two\n  continued\n\nAfter.");
        assert_eq!(
            found,
            vec![
                Block::Paragraph(vec![text("Lead:")]),
                Block::List(vec![vec![text("one "), code("a")], vec![text("two continued")]]),
                Block::Paragraph(vec![text("After.")]),
            ]
        );
    }

    #[test]
    fn a_list_may_follow_a_paragraph_without_a_blank_line() {
        let found = blocks("Do this:\n- first\n- second");
        assert_eq!(
            found,
            vec![
                Block::Paragraph(vec![text("Do this:")]),
                Block::List(vec![vec![text("first")], vec![text("second")]])
            ]
        );
    }

    #[test]
    fn a_dash_without_a_space_is_not_an_item() {
        assert_eq!(blocks("-1 is all traffic"), vec![Block::Paragraph(vec![text("-1 is all traffic")])]);
    }

    #[test]
    fn windows_line_ends_and_empty_text() {
        assert_eq!(
            blocks("a\r\n\r\n- b\r\n"),
            vec![Block::Paragraph(vec![text("a")]), Block::List(vec![vec![text("b")]])]
        );
        assert_eq!(blocks(""), Vec::<Block>::new());
        assert_eq!(blocks("\n\n  \n"), Vec::<Block>::new());
    }

    #[test]
    fn the_lessons_instructions_read_as_written() {
        for exercise in crate::lessons::catalog::builtin() {
            let Ok(exercise) = &exercise.exercise else { continue };
            for step in &exercise.steps {
                let found = blocks(&step.instructions);
                assert!(!found.is_empty(), "{}: no text", step.id);
                let dashes = step.instructions.lines().filter(|l| l.trim_start().starts_with("- ")).count();
                let items: usize = found.iter().map(|b| if let Block::List(i) = b { i.len() } else { 0 }).sum();
                assert_eq!(dashes, items, "{}", step.id);
            }
        }
    }
}
