//! AWS JSON in and out. (Being written.)
