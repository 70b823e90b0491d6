//! The directive registry (work in progress).
