//! WIPO ST.96 documents: patent publications here, and what the ST.96 trademark, GI and design
//! parsers ([`crate::trademark::st96`], [`crate::gi::st96`], [`crate::design::st96`]) share.

pub mod st96_patent;

use crate::xml::Node;

/// The name in an ST.96 party's `Contact/Name` (or `Name`): an entity or organisation name, or
/// a person as `Last, First`.
pub(crate) fn contact_name(party: Node<'_>) -> Option<String> {
    let name = party.find("Contact/Name").or_else(|| party.child("Name"))?;
    if let Some(entity) =
        name.text_at("EntityName").or_else(|| name.text_at("OrganizationName/OrganizationStandardName"))
    {
        return Some(entity);
    }
    if let Some(p) = name.find("PersonName/PersonStructuredName") {
        return match (p.text_at("LastName"), p.text_at("FirstName")) {
            (Some(last), Some(first)) => Some(format!("{last}, {first}")),
            (last, first) => last.or(first),
        };
    }
    name.text_at("PersonName/PersonFullName").or_else(|| name.text_value())
}
