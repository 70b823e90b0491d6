//! `empty_gif` (ngx_http_empty_gif_module): a 1×1 transparent GIF, as nginx sends it.

use std::rc::Rc;

use crate::engine::Next;
use crate::request::ReqRef;
use crate::worker::Worker;

/// nginx's `ngx_empty_gif`: 43 bytes.
const GIF: [u8; 43] = [
    b'G', b'I', b'F', b'8', b'9', b'a', // header
    0x01, 0x00, 0x01, 0x00, // 1 x 1
    0x80, 0x01, 0x00, // global 1-bit color table, background #1, no aspect ratio
    0x00, 0x00, 0x00, 0xff, 0xff, 0xff, // black, white
    0x21, 0xf9, 0x04, 0x01, 0x00, 0x00, 0x01, 0x00, // transparent color #1
    0x2c, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, // image descriptor
    0x02, 0x02, 0x4c, 0x01, 0x00, // LZW data
    0x3b, // trailer
];

/// `ngx_http_empty_gif_handler`: GET and HEAD, with the module's fixed Last-Modified
/// (23349600, so that If-Modified-Since can answer 304).
pub(crate) fn handle(w: &Rc<Worker>, r: &ReqRef) -> Next {
    if !matches!(r.borrow().method.as_str(), "GET" | "HEAD") {
        return Next::Status(405);
    }
    {
        let mut rq = r.borrow_mut();
        rq.status = 200;
        rq.headers_out.content_type = Some("image/gif".into());
        rq.headers_out.content_length = Some(GIF.len() as u64);
        rq.headers_out.last_modified = Some("Mon, 28 Sep 1970 06:00:00 GMT".into());
    }
    crate::output::send_body(w, r, &GIF, true);
    Next::Done
}
