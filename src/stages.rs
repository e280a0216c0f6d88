//! Each pipeline stage on its own, for the per-stage benchmarks (`benches/pipeline.rs`) and
//! profiling. Not an API: hidden from the docs and free to change with the stages.

use crate::annotation::{Entity, Group, Quote};
use crate::text::Doc;

/// Entity recognition over a tokenized document.
pub fn entities(doc: &Doc) -> Vec<Entity> {
    crate::entities::find(doc)
}

/// Quotation detection over a tokenized document.
pub fn quotes(doc: &Doc) -> Vec<Quote> {
    crate::quotes::find(doc)
}

/// Speaker attribution; returns, per quote, the entity index its speaker resolves to.
pub fn attribution(doc: &Doc, entities: &[Entity], quotes: &mut [Quote]) -> Vec<Option<usize>> {
    crate::attribution::attribute(doc, entities, quotes)
}

/// Entity grouping, given the attribution's speakers.
pub fn grouping(doc: &Doc, entities: &mut [Entity], quotes: &mut [Quote], speakers: &[Option<usize>]) -> Vec<Group> {
    crate::grouping::group(doc, entities, quotes, speakers)
}
