//! The CPC scheme XML (`class-scheme`, one file per subclass): every `classification-item` with
//! its symbol, depth, title and references, and the enclosing symbol. An item that only groups
//! its first child of the same symbol (CPC writes main groups twice) is not a row of its own.

use ipdc_schemas::ClassSymbol;

use crate::xml::{Node, XmlDoc};

/// The scheme's symbols, in document order.
pub fn parse(doc: &XmlDoc) -> Vec<ClassSymbol> {
    let root = doc.root();
    let version = root.attr("publication-date").map(str::to_owned);
    let mut out = Vec::new();
    for item in root.children_named("classification-item") {
        walk(item, None, version.as_deref(), &mut out);
    }
    out
}

fn walk(item: Node<'_>, parent: Option<&str>, version: Option<&str>, out: &mut Vec<ClassSymbol>) {
    let symbol = item.text_at("classification-symbol").unwrap_or_default();
    let children: Vec<Node<'_>> = item.children_named("classification-item").collect();
    let title_parts = item.find_all("class-title/title-part");
    let grouping_only = title_parts.is_empty()
        && children.first().and_then(|c| c.text_at("classification-symbol")).as_deref() == Some(symbol.as_str());
    if !grouping_only {
        let title: Vec<String> = title_parts.iter().filter_map(|p| p.text_at("text")).collect();
        // References run inline around their `class-ref`s: joined without added spaces.
        let references = title_parts
            .iter()
            .flat_map(|p| p.descendants("reference"))
            .map(|r| r.text_replacing(&|_| None))
            .filter(|r| !r.is_empty())
            .collect();
        out.push(ClassSymbol {
            scheme: "cpc".into(),
            symbol: symbol.clone(),
            depth: item.attr("level").and_then(|l| l.parse().ok()),
            parent: parent.map(str::to_owned),
            title: (!title.is_empty()).then(|| title.join("; ")),
            references,
            version: version.map(str::to_owned),
            not_allocatable: item.attr("not-allocatable").map(|v| v == "true"),
            ipc_concordant: item.attr("ipc-concordant").map(str::to_owned),
            ..ClassSymbol::default()
        });
    }
    let enclosing = if grouping_only { parent } else { Some(symbol.as_str()) };
    for child in children {
        walk(child, enclosing, version, out);
    }
}
