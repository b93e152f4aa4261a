//! One module per subcommand, and the pieces they share (`object`,
//! `progress`).

pub mod decode;
pub mod dump;
pub mod encode;
pub mod get;
pub mod list;
pub mod move_group;
pub mod object;
pub mod offline;
pub mod online;
pub mod progress;
pub mod report;
pub mod set;
