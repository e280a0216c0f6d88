//! Entity recognition. (Filled in by the entities work.)

use crate::annotation::Entity;
use crate::text::Doc;

/// Entities of the document, sorted by start, non-overlapping, ids `e0…` in order.
pub(crate) fn find(_doc: &Doc) -> Vec<Entity> {
    Vec::new()
}
