//! Shared by the reachability and fixes tests.
#![allow(dead_code)]

pub mod random_labs;
