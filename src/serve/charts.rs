//! Charts drawn as SVG on the server (no JavaScript chart library).
