//! Speaker attribution. (Filled in by the speakers work.)

use crate::annotation::{Entity, Quote};
use crate::text::Doc;

/// Sets `speaker` and `cue` on speech quotes. Returns, per quote, the index in `entities`
/// of the entity the speaker resolves to (directly or through a pronoun or noun phrase).
pub(crate) fn attribute(_doc: &Doc, _entities: &[Entity], quotes: &mut [Quote]) -> Vec<Option<usize>> {
    vec![None; quotes.len()]
}
