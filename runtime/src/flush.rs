//! Sending a response while its handler still runs (`ngx.flush`, output queued before a wait).

use std::rc::Rc;

/// The connection's write half, shared by the connection loop and the request it serves.
pub type Writer = Rc<tokio::net::tcp::OwnedWriteHalf>;
