//! Where a node's words stand: its name, addresses and security group badges, as the
//! diagram draws them and as the rest of the diagram keeps clear of them. One
//! reckoning serves the drawing ([`super::NodeLabels`]), the arrows that are routed
//! around the labels (`firing::route`), and the layout that keeps every label inside
//! its subnet however a node is dragged. Plain Rust, tested natively.
//!
//! Text is measured by an estimate of the fonts' advance widths, on the wide side
//! (DejaVu Sans, the widest of the fonts the page falls back to), so what is kept clear
//! is never smaller than what the browser draws.

use super::info::{NodeInfo, NodeKind};
use crate::layout::Rect;

/// The ring drawn around a node that has security groups: where they act, and where a
/// connection they stop ends.
pub const SG_RING_RADIUS: f64 = 33.0;
/// How far from a node's centre an arrow starts or ends: just outside its ring.
pub const LINE_END_RADIUS: f64 = 38.0;
/// The widest a node's labels may be: the name is cut short and badges wrap beyond it.
pub const LABEL_MAX_WIDTH: f64 = 150.0;
/// Rows of security group badges drawn under a node, at most; the rest are counted.
const BADGE_ROWS: usize = 2;
const NAME_Y: f64 = 52.0;
const LINE_STEP: f64 = 14.0;
const BADGE_HEIGHT: f64 = 16.0;
const BADGE_GAP: f64 = 4.0;
const BADGE_PADDING: f64 = 14.0;

/// Font sizes of the diagram's text, as `style/diagram.css` sets them.
pub const NAME_FONT: f64 = 12.5;
pub const ADDRESS_FONT: f64 = 11.0;
pub const BADGE_FONT: f64 = 10.0;

/// A face, for measuring text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Face {
    Sans,
    SansBold,
    Mono,
}

/// About how wide `text` is drawn at `size` pixels: never less than the browser draws
/// with the page's fonts.
pub fn text_width(text: &str, size: f64, face: Face) -> f64 {
    let em: f64 = match face {
        Face::Mono => text.chars().count() as f64 * 0.61,
        Face::Sans | Face::SansBold => text.chars().map(sans_advance).sum(),
    };
    let bold = if face == Face::SansBold { 1.1 } else { 1.0 };
    em * size * bold
}

/// A character's advance in DejaVu Sans, in ems, rounded up into a few classes.
fn sans_advance(c: char) -> f64 {
    match c {
        'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | 'I' => 0.3,
        ' ' | 'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '/' | '-' => 0.42,
        'm' | 'M' | 'W' => 1.0,
        'w' => 0.84,
        'A'..='Z' => 0.78,
        _ => 0.66,
    }
}

/// How far above its baseline, and below it, text of this size reaches (the box the
/// browser gives a `<text>`).
pub fn ascent(size: f64) -> f64 {
    size * 0.96
}

pub fn descent(size: f64) -> f64 {
    size * 0.26
}

/// One line of text under a node.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub text: String,
    /// The whole text, where the line had to be cut short.
    pub full: Option<String>,
    pub class: &'static str,
    pub test_id: Option<&'static str>,
    /// The baseline, below the node's centre.
    pub y: f64,
    pub size: f64,
    pub face: Face,
}

/// One security group badge, or the count of those that did not fit.
#[derive(Clone, Debug, PartialEq)]
pub struct BadgeBox {
    /// The group's id; `None` for the count of the rest.
    pub id: Option<String>,
    pub text: String,
    pub title: String,
    /// The badge's box, from the node's centre.
    pub rect: Rect,
}

/// Everything written under a node, placed.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeLabels {
    pub lines: Vec<Line>,
    pub badges: Vec<BadgeBox>,
}

impl NodeLabels {
    pub fn of(info: &NodeInfo) -> NodeLabels {
        let mut lines = Vec::new();
        let mut y = NAME_Y;
        let (name, full) = fit(&info.name, NAME_FONT, Face::SansBold);
        lines.push(Line {
            text: name,
            full,
            class: "node-name",
            test_id: None,
            y,
            size: NAME_FONT,
            face: Face::SansBold,
        });
        if let Some(ip) = &info.private_ip {
            y += LINE_STEP;
            let (text, full) = fit(ip, ADDRESS_FONT, Face::Mono);
            lines.push(Line {
                text,
                full,
                class: "node-ip",
                test_id: Some("private-ip"),
                y,
                size: ADDRESS_FONT,
                face: Face::Mono,
            });
        }
        if let Some(ip) = &info.public_ip {
            y += LINE_STEP;
            let words = if info.kind == NodeKind::Host { ip.clone() } else { format!("{ip} public") };
            let (text, full) = fit(&words, ADDRESS_FONT, Face::Mono);
            lines.push(Line {
                text,
                full,
                class: "node-ip public",
                test_id: Some("public-ip"),
                y,
                size: ADDRESS_FONT,
                face: Face::Mono,
            });
        }
        let badges = badge_rows(info, y + descent(ADDRESS_FONT) + 5.0);
        NodeLabels { lines, badges }
    }

    /// The node's accessible name: first every word written under it, as written and
    /// in order (a screen reader's user and a sighted one name it alike), then what
    /// kind of node it is and whatever was cut short.
    pub fn accessible_name(&self, info: &NodeInfo) -> String {
        let mut words: Vec<&str> = self.lines.iter().map(|l| l.text.as_str()).collect();
        words.extend(self.badges.iter().map(|b| b.text.as_str()));
        let mut name = words.join(" ");
        name.push_str(", ");
        name.push_str(info.kind.label());
        for full in self.lines.iter().filter_map(|l| l.full.as_deref()) {
            name.push_str(", ");
            name.push_str(full);
        }
        let cut = self.badges.iter().any(|b| b.id.is_none() || b.text.ends_with('…'));
        if cut {
            let groups: Vec<&str> = info.groups.iter().map(|g| g.name.as_str()).collect();
            name.push_str(", security groups ");
            name.push_str(&groups.join(", "));
        }
        name
    }

    /// The box around every label, from the node's centre; `None` when nothing is written.
    pub fn block(&self) -> Option<Rect> {
        let lines = self.lines.iter().map(|l| {
            let width = text_width(&l.text, l.size, l.face);
            Rect { x: -width / 2.0, y: l.y - ascent(l.size), width, height: ascent(l.size) + descent(l.size) }
        });
        let all: Vec<Rect> = lines.chain(self.badges.iter().map(|b| b.rect)).collect();
        let (first, rest) = all.split_first()?;
        Some(rest.iter().fold(*first, |acc, r| acc.union(r)))
    }
}

/// The text, cut short with an ellipsis to [`LABEL_MAX_WIDTH`] (or `max`), and the
/// whole text when it was cut.
fn fit(text: &str, size: f64, face: Face) -> (String, Option<String>) {
    fit_within(text, size, face, LABEL_MAX_WIDTH)
}

fn fit_within(text: &str, size: f64, face: Face, max: f64) -> (String, Option<String>) {
    if text_width(text, size, face) <= max {
        return (text.to_owned(), None);
    }
    let mut cut: String = String::new();
    for c in text.chars() {
        let next = format!("{cut}{c}…");
        if text_width(&next, size, face) > max {
            break;
        }
        cut.push(c);
    }
    (format!("{cut}…"), Some(text.to_owned()))
}

fn badge_width(text: &str) -> f64 {
    text_width(text, BADGE_FONT, Face::SansBold) + BADGE_PADDING
}

/// The badges in centred rows no wider than [`LABEL_MAX_WIDTH`], at most
/// [`BADGE_ROWS`] of them; what does not fit is one "+N" badge that lists the rest.
fn badge_rows(info: &NodeInfo, top: f64) -> Vec<BadgeBox> {
    let row_width = |row: &[BadgeBox]| -> f64 {
        row.iter().map(|b| b.rect.width).sum::<f64>() + BADGE_GAP * row.len().saturating_sub(1) as f64
    };
    let mut rows: Vec<Vec<BadgeBox>> = Vec::new();
    for group in &info.groups {
        let (text, _) = fit_within(&group.name, BADGE_FONT, Face::SansBold, LABEL_MAX_WIDTH - BADGE_PADDING);
        let width = badge_width(&text);
        let badge = BadgeBox {
            id: Some(group.id.clone()),
            title: format!("Security group {} ({})", group.name, group.id),
            text,
            rect: Rect { x: 0.0, y: 0.0, width, height: BADGE_HEIGHT },
        };
        match rows.last_mut() {
            Some(row) if row_width(row) + BADGE_GAP + width <= LABEL_MAX_WIDTH => row.push(badge),
            _ => rows.push(vec![badge]),
        }
    }
    if rows.len() > BADGE_ROWS {
        rows.truncate(BADGE_ROWS);
        // The count of the rest takes the end of the last row, in place of as many
        // badges as it needs.
        loop {
            let shown: usize = rows.iter().map(Vec::len).sum();
            let rest = info.groups.get(shown..).unwrap_or_default();
            let text = format!("+{}", rest.len());
            let width = badge_width(&text);
            let Some(last) = rows.last_mut() else { break };
            if last.len() <= 1 || row_width(last) + BADGE_GAP + width <= LABEL_MAX_WIDTH {
                let title = rest.iter().map(|g| format!("{} ({})", g.name, g.id)).collect::<Vec<_>>().join(", ");
                last.push(BadgeBox {
                    id: None,
                    text,
                    title,
                    rect: Rect { x: 0.0, y: 0.0, width, height: BADGE_HEIGHT },
                });
                break;
            }
            last.pop();
        }
    }
    // Centre each row under the node.
    let mut placed = Vec::new();
    for (r, row) in rows.into_iter().enumerate() {
        let mut x = -row_width(&row) / 2.0;
        for mut badge in row {
            badge.rect = Rect { x, y: top + r as f64 * (BADGE_HEIGHT + 3.0), ..badge.rect };
            x += badge.rect.width + BADGE_GAP;
            placed.push(badge);
        }
    }
    placed
}

/// What a node takes up around its centre, labels included: a dragged node stops
/// where this would leave its subnet.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Extent {
    pub left: f64,
    pub right: f64,
    pub above: f64,
    pub below: f64,
}

impl Extent {
    /// The ring (or icon) alone, for a node with nothing written under it.
    pub const BARE: Extent =
        Extent { left: SG_RING_RADIUS, right: SG_RING_RADIUS, above: SG_RING_RADIUS, below: SG_RING_RADIUS };

    pub fn of(info: &NodeInfo) -> Extent {
        match NodeLabels::of(info).block() {
            Some(block) => Extent {
                left: SG_RING_RADIUS.max(-block.x),
                right: SG_RING_RADIUS.max(block.x + block.width),
                above: SG_RING_RADIUS,
                below: SG_RING_RADIUS.max(block.y + block.height),
            },
            None => Extent::BARE,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagram::info::Badge;

    fn info(name: &str, groups: &[&str]) -> NodeInfo {
        NodeInfo {
            kind: NodeKind::Ec2,
            id: "i-1".into(),
            name: name.into(),
            private_ip: Some("10.1.1.33".into()),
            public_ip: Some("4.5.6.7".into()),
            groups: groups
                .iter()
                .enumerate()
                .map(|(i, g)| Badge { id: format!("sg-{i}"), name: (*g).into() })
                .collect(),
        }
    }

    #[test]
    fn the_labels_start_below_the_ring_and_stack_without_overlapping() {
        let labels = NodeLabels::of(&info("App Server", &["app-server-sg"]));
        let name = &labels.lines[0];
        assert!(name.y - ascent(name.size) > LINE_END_RADIUS, "the name starts below where arrows end");
        for pair in labels.lines.windows(2) {
            assert!(pair[0].y + descent(pair[0].size) <= pair[1].y - ascent(pair[1].size) + 2.5);
        }
        let badge = &labels.badges[0];
        let last = labels.lines.last().map(|l| l.y + descent(l.size)).unwrap_or(0.0);
        assert!(badge.rect.y >= last, "the badge is under the addresses");
    }

    #[test]
    fn a_long_name_is_cut_short_and_keeps_its_whole_text() {
        let long = "a-very-long-instance-name-that-no-cell-can-hold-on-one-line";
        let labels = NodeLabels::of(&info(long, &[]));
        let name = &labels.lines[0];
        assert!(name.text.ends_with('…'));
        assert_eq!(name.full.as_deref(), Some(long));
        assert!(text_width(&name.text, name.size, name.face) <= LABEL_MAX_WIDTH);
    }

    #[test]
    fn many_groups_wrap_into_two_rows_no_wider_than_the_labels_and_count_the_rest() {
        let groups = ["web-sg", "ssh-from-office", "monitoring", "default", "database-clients", "backup", "audit"];
        let labels = NodeLabels::of(&info("App", &groups));
        let block = labels.block().expect("labels");
        assert!(block.width <= LABEL_MAX_WIDTH + 0.01, "{block:?}");
        let rows: std::collections::BTreeSet<i64> = labels.badges.iter().map(|b| b.rect.y as i64).collect();
        assert_eq!(rows.len(), 2);
        let shown = labels.badges.iter().filter(|b| b.id.is_some()).count();
        let count = labels.badges.iter().find(|b| b.id.is_none()).expect("a count of the rest");
        assert_eq!(count.text, format!("+{}", groups.len() - shown));
        assert!(count.title.contains("audit"));
        for pair in labels.badges.windows(2) {
            let (a, b) = (&pair[0].rect, &pair[1].rect);
            assert!(a.y != b.y || a.x + a.width <= b.x, "badges in a row do not overlap");
        }
    }

    #[test]
    fn the_extent_covers_the_ring_and_every_label() {
        let node = info("App Server", &["app-server-sg", "default"]);
        let extent = Extent::of(&node);
        let block = NodeLabels::of(&node).block().expect("labels");
        assert!(extent.left >= -block.x && extent.right >= block.x + block.width);
        assert!(extent.below >= block.y + block.height && extent.above >= SG_RING_RADIUS);
    }
}
