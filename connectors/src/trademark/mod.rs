//! Trademark feeds: WIPO ST.96 (V6 and the USPTO 2.2.1 form), ST.66 (USPTO TSDR) and the
//! EUIPO `EM-TM` files built on it, and the USPTO trademark daily XML (`case-file`s). Each
//! parser reads one document into `trademark` records; the normaliser does the rest.

pub mod st66;
pub mod st96;
pub mod us_daily;

use ipdc_schemas::{GoodsServices, Priority};

use crate::xml::Node;

/// A goods/services entry of `class` in `lang`.
fn goods(class: Option<String>, lang: Option<String>, text: String) -> GoodsServices {
    GoodsServices { class_raw: class, lang, text, ..GoodsServices::default() }
}

/// Adds a class-only entry for every class in `classes` that no entry of `goods` names.
fn add_bare_classes(goods_list: &mut Vec<GoodsServices>, classes: impl IntoIterator<Item = String>) {
    let number = |c: &str| c.trim_start_matches('0').to_owned();
    for class in classes {
        if !goods_list.iter().any(|g| g.class_raw.as_deref().map(number) == Some(number(&class))) {
            goods_list.push(goods(Some(class), None, String::new()));
        }
    }
}

/// Text of the first element at each path, in order of preference.
fn first_text(node: Node<'_>, paths: &[&str]) -> Option<String> {
    paths.iter().find_map(|p| node.text_at(p))
}

/// Text of the first descendant named `name`.
fn descendant_text(node: Node<'_>, name: &str) -> Option<String> {
    node.descendants(name).into_iter().find_map(|n| n.text_value())
}

/// The priorities at `path` below `n`, written as ST.66 and ST.96 trademark and EUIPO design
/// files write them (`PriorityCountryCode`, `PriorityNumber`, `PriorityDate`).
pub(crate) fn priorities(n: Node<'_>, path: &str) -> Vec<Priority> {
    n.find_all(path)
        .into_iter()
        .map(|p| Priority {
            office: p.text_at("PriorityCountryCode"),
            number_raw: p.text_at("PriorityNumber"),
            date: p.text_at("PriorityDate"),
            ..Priority::default()
        })
        .collect()
}
