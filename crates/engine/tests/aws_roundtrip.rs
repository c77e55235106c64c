//! AWS JSON: the chapter's network and the moto-made fixtures, out and back in.

use sglab_engine::aws::{from_aws_json, to_aws_json};
use sglab_engine::example;

const ACCOUNT: &str = include_str!("fixtures/aws/moto-account.json");
const SHOP: &str = include_str!("fixtures/aws/moto-shop.json");

#[test]
fn the_chapter_network_comes_back_the_same() {
    let chapter = example::chapter();
    let text = to_aws_json(&chapter);
    let back = from_aws_json(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(back, chapter);
}

#[test]
fn fixtures_import_and_come_back_stable() {
    for (name, text) in [("account", ACCOUNT), ("shop", SHOP)] {
        let first = from_aws_json(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let again = from_aws_json(&to_aws_json(&first)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(again, first, "{name}");
    }
}
