//! Placeholder until the DOCX renderer lands.
pub fn render(_doc: &crate::doc::Document) -> Result<Vec<u8>, String> {
    Err("DOCX chưa hỗ trợ".into())
}
