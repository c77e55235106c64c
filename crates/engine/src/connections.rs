//! Open connections and what a change does to them. (Being written.)
