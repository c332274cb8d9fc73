//! The front door (filled in below).
